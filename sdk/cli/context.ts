import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { ECSClient } from "@aws-sdk/client-ecs";
import { InterruptedError } from "./errors";

/** A place to write text: process.stdout / process.stderr, or a capture in tests. */
export interface OutputStream {
    write(chunk: string): unknown;
    /**
     * Undefined when the stream has passed on what it was given; else a promise that resolves once it has (a pipe read
     * slowly holds writes in memory until then). A command reading page by page waits for it before the next page.
     */
    drained?(): Promise<void> | undefined;
    /** Whether it is a terminal. */
    isTTY?: boolean;
    /** Terminal width, when it is one. */
    columns?: number;
}

/** What a command needs from the run: its streams, clients built on demand, progress on a terminal. */
export interface RunContext {
    stdout: OutputStream;
    stderr: OutputStream;
    /** Width to draw tables to: the terminal's, else COLUMNS; undefined: natural widths. */
    columns?: number;
    signal?: AbortSignal;
    /** Stops the clock of `--deadline` until the function it returns is called (while the output waits for its reader). */
    pauseDeadline?: () => () => void;
    /** The CloudWatch Logs client for `region` (default: the run's). */
    logs(region?: string): CloudWatchLogsClient;
    /** The CloudWatch Logs client that carries Live Tail sessions (`tail`): the run's settings, streaming answers. */
    streamingLogs(): CloudWatchLogsClient;
    /** The ECS client for `region` (default: the run's). */
    ecs(region?: string): ECSClient;
    /** Shows a progress line on stderr when it is a terminal. */
    progress(text: string): void;
    /** Clears the progress line. */
    clearProgress(): void;
    /** Called after each FilterLogEvents page has been handed on (the bin writes its code cache at the first). */
    pageRead?: () => void;
}

/**
 * Undefined when standard output has passed on what it was given; else a promise that resolves once it has, or
 * rejects with an {@link InterruptedError} when the run is stopped first (Ctrl-C, `--deadline`). Awaited between
 * pages, it keeps the output of a run piped into a slow reader from piling up in memory; the wait does not count
 * towards `--deadline`.
 */
export function outputDrained(context: Pick<RunContext, "stdout" | "signal" | "pauseDeadline">): Promise<void> | undefined {
    const drained = context.stdout.drained?.();
    const signal = context.signal;
    if (drained === undefined) return undefined;
    if (signal?.aborted) return Promise.reject(new InterruptedError());
    const resume = context.pauseDeadline?.();
    return new Promise<void>((resolve, reject) => {
        const done = () => {
            signal?.removeEventListener("abort", done);
            resume?.();
            if (signal?.aborted) reject(new InterruptedError());
            else resolve();
        };
        signal?.addEventListener("abort", done);
        void drained.then(done);
    });
}

/** A whole number with commas between thousands (`1,234,567`), without loading the ICU data toLocaleString needs. */
export function thousands(n: number): string {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `N things`, with the plural when N is not 1. */
export function plural(n: number, one: string, many = `${one}s`): string {
    return `${thousands(n)} ${n === 1 ? one : many}`;
}

/** `N pages, M events` for progress lines. */
export function readProgress(pages: number, events: number): string {
    return `${plural(pages, "page")}, ${plural(events, "event")}`;
}

