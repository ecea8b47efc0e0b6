import { TaskStop } from "../reader/taskStop";
import { OutputFormat } from "./options";
import { RunContext } from "./context";
import { BufferedWriter } from "./bufferedWriter";
import { jsonText, leftOutNote, renderPlain, renderTable, toRow } from "./output";

/** Rows per table when a table is printed as rows come, one table after another. */
export const TABLE_CHUNK = 1_000;

/**
 * Prints stops in one format, as they come: a header once for tab-separated lines, a table per chunk of rows (the
 * columns it leaves out to fit the terminal named once on stderr), one object per line for JSON Lines, and one array
 * for JSON.
 */
export class RowPrinter {
    private readonly out: BufferedWriter;
    private chunk: TaskStop[] = [];
    private started = false;
    private noted = false;

    constructor(
        private readonly format: OutputFormat,
        private readonly context: RunContext,
        private readonly withSource?: boolean,
    ) {
        this.out = new BufferedWriter(context.stdout);
    }

    print(stop: TaskStop): void {
        if (this.format === "jsonl") {
            this.out.write(jsonText(stop) + "\n");
        } else if (this.format === "json") {
            this.out.write((this.started ? ",\n" : "[\n") + jsonText(stop));
            this.started = true;
        } else if (this.format === "tsv") {
            this.out.write(renderPlain([toRow(stop)], this.withSource ?? true, !this.started));
            this.started = true;
        } else {
            this.chunk.push(stop);
            if (this.chunk.length >= TABLE_CHUNK) this.drawTable();
        }
    }

    /** Prints every stop of a list at once (a table or header fitted to all of them). */
    printAll(stops: TaskStop[]): void {
        if (this.format === "table") {
            this.chunk = stops;
        } else if (this.format === "tsv") {
            if (stops.length > 0) this.out.write(renderPlain(stops.map(toRow)));
        } else {
            for (const stop of stops) this.print(stop);
        }
        this.finish();
    }

    /** Writes out what is printed so far: the rows of a table not yet drawn are drawn as one table. */
    flush(): void {
        if (this.chunk.length > 0) this.drawTable();
        this.out.flush();
    }

    finish(): void {
        if (this.chunk.length > 0) this.drawTable();
        if (this.format === "json") this.out.write(this.started ? "\n]\n" : "[]\n");
        this.out.flush();
    }

    private drawTable(): void {
        const table = renderTable(this.chunk.map(toRow), this.context.columns, this.withSource);
        this.out.write(table.text);
        this.chunk = [];
        const note = leftOutNote(table.leftOut, this.context.columns);
        if (note !== undefined && !this.noted) {
            this.out.flush();
            this.context.stderr.write(`${note}\n`);
            this.noted = true;
        }
    }
}
