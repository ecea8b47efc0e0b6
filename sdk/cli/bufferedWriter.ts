import { OutputStream } from "./context";

/**
 * Collects small pieces of output and writes them in chunks of about `chunkSize` characters: one write per chunk
 * instead of one per row, and never the whole output held at once.
 */
export class BufferedWriter {
    private parts: string[] = [];
    private size = 0;

    constructor(
        private readonly stream: OutputStream,
        private readonly chunkSize = 64 * 1024,
    ) {}

    write(text: string): void {
        this.parts.push(text);
        this.size += text.length;
        if (this.size >= this.chunkSize) this.flush();
    }

    flush(): void {
        if (this.parts.length > 0) {
            this.stream.write(this.parts.length === 1 ? this.parts[0] : this.parts.join(""));
            this.parts = [];
            this.size = 0;
        }
    }
}
