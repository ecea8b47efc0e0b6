import * as zlib from "zlib";

/**
 * The `application/vnd.amazon.eventstream` message format, written from AWS's description of it (the prelude of
 * total length, headers length and prelude CRC32; the headers; the payload; the message CRC32; all integers
 * big-endian), independently of the SDK's codec, so the SDK's own decoder is tested against it rather than against
 * itself. Only string headers (type 7), the type AWS uses for `:message-type`, `:event-type`, `:exception-type` and
 * `:content-type`, are written.
 */

const STRING_HEADER = 7;

function crc(bytes: Buffer): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(zlib.crc32(bytes));
    return out;
}

/** One event stream message with string headers and a payload. */
export function encodeMessage(headers: Record<string, string>, payload: Buffer): Buffer {
    const headerBytes = Buffer.concat(
        Object.entries(headers).map(([name, value]) => {
            const n = Buffer.from(name, "utf8");
            const v = Buffer.from(value, "utf8");
            const header = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
            header.writeUInt8(n.length, 0);
            n.copy(header, 1);
            header.writeUInt8(STRING_HEADER, 1 + n.length);
            header.writeUInt16BE(v.length, 2 + n.length);
            v.copy(header, 4 + n.length);
            return header;
        }),
    );
    const prelude = Buffer.alloc(8);
    prelude.writeUInt32BE(12 + headerBytes.length + payload.length + 4, 0);
    prelude.writeUInt32BE(headerBytes.length, 4);
    const message = Buffer.concat([prelude, crc(prelude), headerBytes, payload]);
    return Buffer.concat([message, crc(message)]);
}

/** An event of a modelled event stream: `:event-type` names the union member, the payload is its JSON. */
export function encodeEvent(eventType: string, body: unknown): Buffer {
    return encodeMessage(
        { ":message-type": "event", ":event-type": eventType, ":content-type": "application/json" },
        Buffer.from(JSON.stringify(body), "utf8"),
    );
}

/** A modelled exception sent in the stream (e.g. SessionTimeoutException), its payload `{"message": ...}`. */
export function encodeException(exceptionType: string, message: string): Buffer {
    return encodeMessage(
        { ":message-type": "exception", ":exception-type": exceptionType, ":content-type": "application/json" },
        Buffer.from(JSON.stringify({ message }), "utf8"),
    );
}
