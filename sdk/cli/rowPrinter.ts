import { TaskStop } from "../reader/taskStop";
import { OutputFormat } from "./options";
import { RunContext, outputDrained } from "./context";
import { BufferedWriter } from "./bufferedWriter";
import { jsonText, leftOutNote, renderPlain, renderTable, showsSource, toRow } from "./output";

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

    /**
     * Prints every stop of a list: one table fitted to all of them, else {@link TABLE_CHUNK} rows at a time (under one
     * header fitted to all of them), each chunk once standard output has passed on the last ({@link outputDrained}).
     */
    async printAll(stops: TaskStop[]): Promise<void> {
        if (this.format === "table") {
            this.chunk = stops;
        } else if (this.format === "tsv") {
            const rows = stops.map(toRow);
            const withSource = showsSource(rows);
            for (let i = 0; i < rows.length; i += TABLE_CHUNK) {
                if (i > 0) await this.drained();
                this.out.write(renderPlain(rows.slice(i, i + TABLE_CHUNK), withSource, i === 0));
            }
        } else {
            for (let i = 0; i < stops.length; i++) {
                if (i > 0 && i % TABLE_CHUNK === 0) await this.drained();
                this.print(stops[i]);
            }
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

    /** Writes out what is printed so far and waits for standard output to pass it on; stops on Ctrl-C or `--deadline`. */
    private async drained(): Promise<void> {
        this.out.flush();
        await outputDrained(this.context);
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
