import { Readable } from "stream";
import type { HttpHandler, HttpRequest, HttpResponse } from "@smithy/core/protocols";

type Options = Parameters<HttpHandler["handle"]>[1];

/**
 * One AWS request took longer than `--request-deadline`, from sending it to the last byte of its answer. Named
 * `TimeoutError` so the SDK's retry strategy retries it like any other timeout.
 */
export class RequestDeadlineError extends Error {
    readonly code = "ETIMEDOUT";

    constructor(public readonly deadlineMs: number) {
        super(`the request took longer than the ${deadlineMs / 1000} s request deadline (--request-deadline)`);
        this.name = "TimeoutError";
    }
}

/** The whole command took longer than `--deadline`. */
export class CommandDeadlineError extends Error {
    constructor(public readonly deadlineMs: number) {
        super(`gave up after the ${deadlineMs / 1000} s deadline of the command (--deadline)`);
        this.name = "CommandDeadlineError";
    }
}

/**
 * The deadline of the whole command (`--deadline`): {@link signal} aborts with a {@link CommandDeadlineError} once the
 * command has run for `deadlineMs`, not counting the time it waits for its output to be read ({@link pause}): a
 * reader that takes its time (`| less`) does not cut the output short.
 */
export class CommandDeadline {
    private readonly controller = new AbortController();
    private timer: ReturnType<typeof setTimeout> | undefined;
    private leftMs: number;
    private since = 0;
    private pauses = 0;
    private cleared = false;

    constructor(private readonly deadlineMs: number) {
        this.leftMs = deadlineMs;
        this.start();
    }

    get signal(): AbortSignal {
        return this.controller.signal;
    }

    /** Stops the clock until the function it returns is called (when pauses overlap, until the last one ends). */
    pause(): () => void {
        if (this.pauses++ === 0 && this.timer !== undefined) {
            clearTimeout(this.timer);
            this.timer = undefined;
            this.leftMs -= monotonicMs() - this.since;
        }
        let ended = false;
        return () => {
            if (ended) return;
            ended = true;
            if (--this.pauses === 0 && !this.cleared && !this.controller.signal.aborted) this.start();
        };
    }

    /** Stops the clock for good (the command is over). */
    clear(): void {
        this.cleared = true;
        clearTimeout(this.timer);
    }

    private start(): void {
        this.since = monotonicMs();
        this.timer = setTimeout(() => this.controller.abort(new CommandDeadlineError(this.deadlineMs)), Math.max(0, this.leftMs));
        this.timer.unref?.();
    }
}

/** An AbortSignal that fires when any of `signals` fires (AbortSignal.any is not in every Node.js 20). */
export function eitherSignal(...signals: Array<AbortSignal | undefined>): AbortSignal {
    const controller = new AbortController();
    for (const signal of signals) {
        if (signal === undefined) continue;
        if (signal.aborted) {
            controller.abort(signal.reason);
            break;
        }
        signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
    }
    return controller.signal;
}

/**
 * Wraps the SDK's HTTP handler so that each attempt ends within `deadlineMs`, however slowly the server sends (the
 * handler's own `requestTimeout` only limits idle gaps, so a server dripping one byte at a time is never cut off).
 * The deadline covers the answer's body too: past it, the body stream fails with a {@link RequestDeadlineError}.
 */
export class DeadlineHttpHandler implements HttpHandler {
    readonly metadata: HttpHandler["metadata"];

    constructor(
        private readonly inner: HttpHandler,
        private readonly deadlineMs: number,
    ) {
        this.metadata = inner.metadata;
    }

    async handle(request: HttpRequest, options: Options = {}): Promise<{ response: HttpResponse }> {
        const controller = new AbortController();
        const outer = options.abortSignal as AbortSignal | undefined;
        const forward = () => controller.abort(outer?.reason);
        if (outer?.aborted) forward();
        outer?.addEventListener?.("abort", forward, { once: true });
        const signal = controller.signal;
        let expired = false;
        let onExpiry: (err: Error) => void = () => undefined;
        const timer = setTimeout(() => {
            expired = true;
            const err = new RequestDeadlineError(this.deadlineMs);
            onExpiry(err);
            controller.abort(err);
        }, this.deadlineMs);
        timer.unref?.();
        try {
            const expiry = new Promise<never>((_, reject) => (onExpiry = reject));
            const { response } = await Promise.race([this.inner.handle(request, { ...options, abortSignal: signal }), expiry]);
            const body = response.body;
            const done = () => {
                clearTimeout(timer);
                outer?.removeEventListener?.("abort", forward);
            };
            if (body instanceof Readable && !body.readableEnded) {
                onExpiry = (err) => body.destroy(err);
                body.once("close", done);
            } else {
                done();
            }
            return { response };
        } catch (err) {
            clearTimeout(timer);
            outer?.removeEventListener?.("abort", forward);
            throw expired ? new RequestDeadlineError(this.deadlineMs) : err;
        }
    }

    updateHttpClientConfig(key: never, value: never): void {
        this.inner.updateHttpClientConfig(key, value);
    }

    httpHandlerConfigs(): ReturnType<HttpHandler["httpHandlerConfigs"]> {
        return this.inner.httpHandlerConfigs();
    }

    destroy(): void {
        this.inner.destroy?.();
    }
}

/** A clock that only moves forward, in milliseconds (`performance.now` would load `perf_hooks` and ten modules more). */
function monotonicMs(): number {
    return Number(process.hrtime.bigint()) / 1e6;
}
