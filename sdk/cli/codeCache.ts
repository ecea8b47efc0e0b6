import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import * as zlib from "zlib";
import { withDefaultHeapSettings } from "./memory";

/**
 * A module's cache file: the CRC-32 and length of the source it was made from, whether it was made once a command had
 * read from AWS (see {@link CodeCache.save}), four bytes kept zero (so that V8's data starts 8-byte aligned), then the
 * code cache V8 made.
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
     * work was done (by a run that only printed its help, say) with ones holding what this run compiled. A file that
     * cannot be written is left as it was.
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
 * user, and Node.js's own compile cache when that cannot be used (Node.js before 22.2, a directory another user
 * owns or can write). `NODE_DISABLE_COMPILE_CACHE` (any value but empty) turns both off.
 */
export function startCodeCache(env: NodeJS.ProcessEnv): CodeCache | undefined {
    if (env.NODE_DISABLE_COMPILE_CACHE) {
        return undefined;
    }
    const cache = useCodeCache(codeCacheDirectory(os.tmpdir()));
    if (cache === undefined) {
        (require("module") as { enableCompileCache?: () => unknown }).enableCompileCache?.();
        return undefined;
    }
    process.once("exit", () => cache.save(false));
    return cache;
}

/** The directory of `ecs-stops`' code cache under `tmp`: one per user, V8 version and architecture. */
export function codeCacheDirectory(tmp: string): string {
    const user = process.getuid?.() ?? os.userInfo().username;
    return path.join(tmp, `ecs-stops-${user}-v8-${process.versions.v8}-${process.arch}`);
}

/**
 * Compiles every CommonJS module loaded from now on through a {@link CodeCache} in `directory` (created if missing).
 * Returns undefined, changing nothing, when this Node.js has no `zlib.crc32` or the directory is not this user's
 * alone.
 */
export function useCodeCache(directory: string): CodeCache | undefined {
    const crc32 = (zlib as { crc32?: (data: string) => number }).crc32;
    if (typeof crc32 !== "function" || !privateDirectory(directory)) {
        return undefined;
    }
    const Module = require("module") as ModuleClass;
    const compileFromSource = Module.prototype._compile;
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
        const cached = readCache(file, source);
        let script: vm.Script;
        try {
            const compile = () =>
                new vm.Script(Module.wrap(content), {
                    filename,
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
            withDefaultHeapSettings(() => {
                for (const [file, entry] of unsaved) {
                    if (entry.replaceOnlyWhenComplete && !complete) continue;
                    writeCache(file, entry.source, complete, entry.script.createCachedData());
                    unsaved.delete(file);
                }
            });
        },
    };
}

function privateDirectory(directory: string): boolean {
    try {
        fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
        const stat = fs.lstatSync(directory);
        if (!stat.isDirectory()) return false;
        const uid = process.getuid?.();
        return uid === undefined || (stat.uid === uid && (stat.mode & 0o077) === 0);
    } catch {
        return false;
    }
}

function readCache(file: string, source: Buffer): { data: Buffer; complete: boolean } | undefined {
    let bytes: Buffer;
    try {
        bytes = fs.readFileSync(file);
    } catch {
        return undefined;
    }
    if (bytes.length <= HEADER_BYTES || !bytes.subarray(0, 8).equals(source)) {
        return undefined;
    }
    return { data: bytes.subarray(HEADER_BYTES), complete: bytes[8] === 1 };
}

function writeCache(file: string, source: Buffer, complete: boolean, data: Buffer): void {
    const header = Buffer.alloc(HEADER_BYTES);
    source.copy(header, 0);
    header[8] = complete ? 1 : 0;
    const partial = `${file}.${process.pid}`;
    try {
        fs.writeFileSync(partial, Buffer.concat([header, data]), { mode: 0o600 });
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
