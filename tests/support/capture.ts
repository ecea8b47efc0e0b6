/** Standard output or error in a test: keeps what the command wrote, and passes each write on at once. */
export class Capture {
    text = "";
    constructor(
        public isTTY = false,
        public columns?: number,
    ) {}

    write(chunk: string): boolean {
        this.text += chunk;
        return true;
    }
}
