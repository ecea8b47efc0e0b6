import * as fs from "fs";
import * as path from "path";

/** A relative link found in a Markdown file: the line it is on and its target as written (`docs/x.md#anchor`). */
export interface MarkdownLink {
    line: number;
    target: string;
}

const FENCE = /^\s*(```|~~~)/;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;
const INLINE_LINK = /\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const HTML_ANCHOR = /<a\s+(?:[^>]*\s)?(?:id|name)="([^"]+)"/g;

/** The lines of a Markdown text that are not inside a fenced code block, with their 1-based numbers. */
function proseLines(markdown: string): { line: number; text: string }[] {
    const out: { line: number; text: string }[] = [];
    let fence: string | undefined;
    markdown.split("\n").forEach((text, i) => {
        const opener = FENCE.exec(text);
        if (opener) {
            if (fence === undefined) {
                fence = opener[1];
            } else if (opener[1] === fence) {
                fence = undefined;
            }
            return;
        }
        if (fence === undefined) {
            out.push({ line: i + 1, text });
        }
    });
    return out;
}

/**
 * The anchor GitHub gives a heading: the rendered text (code spans and links reduced to their text), lower-cased,
 * with every character other than letters, digits, marks, spaces, hyphens and underscores removed and spaces turned
 * into hyphens.
 */
export function githubSlug(heading: string): string {
    return heading
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/<[^>]+>/g, "")
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
        .replace(/ /g, "-");
}

/** Every anchor a Markdown text offers: its headings' slugs (repeats numbered `-1`, `-2`, ... as GitHub does) and HTML `id`/`name` anchors. */
export function anchorsOf(markdown: string): Set<string> {
    const anchors = new Set<string>();
    const seen = new Map<string, number>();
    for (const { text } of proseLines(markdown)) {
        const heading = HEADING.exec(text);
        if (heading) {
            const slug = githubSlug(heading[2]);
            const count = seen.get(slug) ?? 0;
            seen.set(slug, count + 1);
            anchors.add(count === 0 ? slug : `${slug}-${count}`);
        }
        for (const m of text.matchAll(HTML_ANCHOR)) {
            anchors.add(m[1]);
        }
    }
    return anchors;
}

/** The inline links of a Markdown text that point into the repository (not `http:`, `https:`, `mailto:`), outside code. */
export function relativeLinks(markdown: string): MarkdownLink[] {
    const links: MarkdownLink[] = [];
    for (const { line, text } of proseLines(markdown)) {
        const prose = text.replace(INLINE_CODE, (code) => "x".repeat(code.length));
        for (const m of prose.matchAll(INLINE_LINK)) {
            const target = m[1];
            if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) {
                links.push({ line, target });
            }
        }
    }
    return links;
}

/**
 * Every relative link in the given Markdown files (paths relative to `root`) whose file does not exist, or whose
 * `#anchor` names no heading of the Markdown file it points to, as `file:line: target: what is wrong`.
 */
export function brokenLinks(root: string, files: string[]): string[] {
    const problems: string[] = [];
    const anchorCache = new Map<string, Set<string>>();
    const anchorsIn = (file: string) => {
        if (!anchorCache.has(file)) {
            anchorCache.set(file, anchorsOf(fs.readFileSync(file, "utf8")));
        }
        return anchorCache.get(file)!;
    };
    for (const file of files) {
        const absolute = path.join(root, file);
        for (const { line, target } of relativeLinks(fs.readFileSync(absolute, "utf8"))) {
            const [pathPart, anchor] = target.split("#", 2) as [string, string | undefined];
            const linked = pathPart === "" ? absolute : path.resolve(path.dirname(absolute), decodeURI(pathPart));
            const where = `${file}:${line}: ${target}`;
            if (!fs.existsSync(linked)) {
                problems.push(`${where}: ${path.relative(root, linked)} does not exist`);
            } else if (anchor !== undefined && linked.endsWith(".md") && !anchorsIn(linked).has(decodeURIComponent(anchor))) {
                problems.push(`${where}: ${path.relative(root, linked)} has no heading with anchor #${anchor}`);
            }
        }
    }
    return problems;
}
