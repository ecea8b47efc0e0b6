import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import * as zlib from "zlib";
import { withDefaultHeapSettings } from "./memory";

/**
 * A module's cache file: the CRC-32 and length of the source it was made from (bytes 0 to 7), whether it was made once
 * a command had read from AWS (byte 8, see {@link CodeCache.save}), three bytes kept zero, the CRC-32 of V8's data
 * (bytes 12 to 15: V8 does not check its own checksum in a release build), then the code cache V8 made.
 */
const HEADER_BYTES = 16;

/** How V8 took the cache of each module compiled since {@link useCodeCache}. */
export interface CodeCacheCounts {
    /** Compiled from a cache V8 accepted. */
    accepted: number;
    /** Compiled from source: V8 rejected the cache (another V8, other V8 settings). */
    rejected: number;
    /** Compiled from source: no cache for this source. */
    missing: number;
}

/**
 * V8 code caches of the CommonJS modules a process loads, one file per module, made when the work they are for is
 * done rather than when each module is compiled.
 *
 * V8 compiles a function the first time it runs. Node.js's own compile cache (`module.enableCompileCache`) and the
 * `v8-compile-cache` package make each module's cache as it is compiled, so it holds only the module's top level, and
 * every run compiles again the functions that build the SDK's client and send the first request
 * (docs/cost-and-scale.md has the figures). A cache V8 accepts is kept until its source, Node.js or V8's settings
 * change.
 */
export interface CodeCache {
    /** The directory of the cache files, private to this user. */
    readonly directory: string;
    /** How V8 took each module's cache so far. */
    readonly counts: Readonly<CodeCacheCounts>;
    /**
     * Writes the caches of the modules compiled from source and, when `complete`, replaces the caches made before any
     * work was done (by a run that only printed its help, say) with ones holding what this run compiled. Call it with
     * `complete` early in the work (after the first page read): V8 drops the bytecode of functions unused for a few
     * full collections, so a long run's start-up functions may be gone at its end. A file that cannot be written is
     * left as it was; nothing is written twice.
     */
    save(complete: boolean): void;
}

interface CommonJsModule {
    exports: unknown;
    require(id: string): unknown;
}

interface ModuleClass {
    prototype: { _compile(this: CommonJsModule, content: string, filename: string, format?: string): unknown };
    wrap(source: string): string;
    _resolveFilename(request: string, parent: CommonJsModule, isMain: boolean, options?: { paths?: string[] }): string;
    _resolveLookupPaths(request: string, parent: CommonJsModule): string[] | null;
    _extensions: NodeJS.Require["extensions"];
    _cache: NodeJS.Require["cache"];
}

/**
 * Starts loading `ecs-stops`' modules through a {@link CodeCache} in a directory of `os.tmpdir()` private to this
 * user (see {@link useCodeCache}), saved at exit as well; Node.js's own compile cache where that cannot be used
 * (Windows, Node.js 22.1; 22.0 has neither). `NODE_DISABLE_COMPILE_CACHE` (any value but empty) turns both off.
 */
export function startCodeCache(env: NodeJS.ProcessEnv): CodeCache | undefined {
    if (env.NODE_DISABLE_COMPILE_CACHE) {
        return undefined;
    }
    const directory = codeCacheDirectory(os.tmpdir());
    const cache = directory === undefined ? undefined : useCodeCache(directory);
    if (cache === undefined) {
        (require("module") as { enableCompileCache?: () => unknown }).enableCompileCache?.();
        return undefined;
    }
    process.once("exit", () => cache.save(false));
    return cache;
}

/**
 * The directory of `ecs-stops`' code cache under `tmp`: one per user id, V8 version and architecture; undefined where
 * processes have no user id (Windows).
 */
export function codeCacheDirectory(tmp: string): string | undefined {
    const uid = process.getuid?.();
    return uid === undefined ? undefined : path.join(tmp, `ecs-stops-${uid}-v8-${process.versions.v8}-${process.arch}`);
}

/**
 * Compiles every CommonJS module loaded from now on, for the rest of the process, through a {@link CodeCache} in
 * `directory` (created if missing), by replacing `Module.prototype._compile`. A file is used only when it is this
 * user's, no one else can write it and its checksums match. Returns undefined, leaving the loader as it was, when this
 * Node.js has no `zlib.crc32`, has no user ids (Windows), maps sources (`--enable-source-maps`: `vm.Script` does not
 * register them) or the directory is not this user's alone.
 *
 * Two differences from Node.js's loader remain: an `import()` in such a module prints Node.js's experimental warning
 * for `vm`'s default loader, and a `require` of an ES module that requires the module back is not detected as a cycle.
 */
export function useCodeCache(directory: string): CodeCache | undefined {
    const crc32 = (zlib as { crc32?: (data: string | Uint8Array) => number }).crc32;
    const uid = process.getuid?.();
    if (typeof crc32 !== "function" || uid === undefined || process.sourceMapsEnabled || !privateDirectory(directory, uid)) {
        return undefined;
    }
    const Module = require("module") as ModuleClass;
    const compileFromSource = Module.prototype._compile;
    const wrapperLength = Module.wrap("\0").indexOf("\0");
    const counts: CodeCacheCounts = { accepted: 0, rejected: 0, missing: 0 };
    const unsaved = new Map<string, { script: vm.Script; source: Buffer; replaceOnlyWhenComplete: boolean }>();

    Module.prototype._compile = function (this: CommonJsModule, content: string, filename: string, format?: string) {
        if ((format !== undefined && format !== "commonjs") || !/\.c?js$/.test(filename)) {
            return compileFromSource.call(this, content, filename, format);
        }
        const file = path.join(directory, `${crc32(filename).toString(16).padStart(8, "0")}.v8`);
        const source = Buffer.alloc(8);
        source.writeUInt32LE(crc32(content), 0);
        source.writeUInt32LE(content.length, 4);
        const cached = readCache(file, source, uid, crc32);
        let script: vm.Script;
        try {
            const compile = () =>
                new vm.Script(Module.wrap(content), {
                    filename,
                    columnOffset: -wrapperLength,
                    cachedData: cached?.data,
                    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
                });
            script = cached === undefined ? compile() : withDefaultHeapSettings(compile);
        } catch (err) {
            if (err instanceof SyntaxError) {
                return compileFromSource.call(this, content, filename, format);
            }
            throw err;
        }
        if (cached === undefined || script.cachedDataRejected) {
            counts[cached === undefined ? "missing" : "rejected"]++;
            unsaved.set(file, { script, source, replaceOnlyWhenComplete: false });
        } else {
            counts.accepted++;
            if (!cached.complete) unsaved.set(file, { script, source, replaceOnlyWhenComplete: true });
        }
        const moduleFunction = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
        return moduleFunction.call(this.exports, this.exports, requireFor(this, Module), this, filename, path.dirname(filename));
    };

    return {
        directory,
        counts,
        save(complete: boolean) {
            const due = [...unsaved].filter(([, entry]) => complete || !entry.replaceOnlyWhenComplete);
            if (due.length === 0) return;
            withDefaultHeapSettings(() => {
                for (const [file, entry] of due) {
                    unsaved.delete(file);
                    try {
                        writeCache(file, entry.source, complete, entry.script.createCachedData(), crc32);
                    } catch {
                        // V8 could not serialise this module; it is compiled from source next time.
                    }
                }
            });
        },
    };
}

function privateDirectory(directory: string, uid: number): boolean {
    try {
        fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
        const stat = fs.lstatSync(directory);
        return stat.isDirectory() && stat.uid === uid && (stat.mode & 0o077) === 0;
    } catch {
        return false;
    }
}

function readCache(file: string, source: Buffer, uid: number, crc32: (data: Uint8Array) => number): { data: Buffer; complete: boolean } | undefined {
    let bytes: Buffer;
    let fd: number | undefined;
    try {
        fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
        const stat = fs.fstatSync(fd);
        if (!stat.isFile() || stat.uid !== uid || (stat.mode & 0o022) !== 0) return undefined;
        bytes = fs.readFileSync(fd);
    } catch {
        return undefined;
    } finally {
        if (fd !== undefined) fs.closeSync(fd);
    }
    if (bytes.length <= HEADER_BYTES || !bytes.subarray(0, 8).equals(source)) {
        return undefined;
    }
    const data = bytes.subarray(HEADER_BYTES);
    if (bytes.readUInt32LE(12) !== crc32(data)) {
        return undefined;
    }
    return { data, complete: bytes[8] === 1 };
}

function writeCache(file: string, source: Buffer, complete: boolean, data: Buffer, crc32: (data: Uint8Array) => number): void {
    const header = Buffer.alloc(HEADER_BYTES);
    source.copy(header, 0);
    header[8] = complete ? 1 : 0;
    header.writeUInt32LE(crc32(data), 12);
    const partial = `${file}.${process.pid}-${randomBytes(4).toString("hex")}`;
    try {
        fs.writeFileSync(partial, Buffer.concat([header, data]), { mode: 0o600, flag: "wx" });
        fs.renameSync(partial, file);
    } catch {
        try {
            fs.rmSync(partial, { force: true });
        } catch {
            // The directory went away or became unwritable; the cache stays as it was.
        }
    }
}

/** The `require` Node.js gives a module's code (`makeRequireFunction` in its CommonJS loader). */
function requireFor(module: CommonJsModule, Module: ModuleClass): NodeJS.Require {
    const resolve = (request: string, options?: { paths?: string[] }) => Module._resolveFilename(request, module, false, options);
    resolve.paths = (request: string) => Module._resolveLookupPaths(request, module);
    const moduleRequire = ((id: string) => module.require(id)) as NodeJS.Require;
    moduleRequire.resolve = resolve;
    moduleRequire.main = require.main;
    moduleRequire.extensions = Module._extensions;
    moduleRequire.cache = Module._cache;
    return moduleRequire;
}
