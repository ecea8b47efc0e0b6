/**
 * Amazon Q Developer in chat applications custom notifications: the limits a message must keep, or the service drops
 * it without a word. One table, used by the notification messages (the input transformers and the enrichment
 * function) and by the tests.
 */

/** The page that documents the custom notification format and its limits ("Parameter details"). */
export const CHAT_NOTIFICATION_DOC = "https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html";

/** The documented limits of a custom notification, in characters; fields the page gives no limit have none here. */
export const CHAT_NOTIFICATION_LIMITS = {
    /** `content.title`. */
    title: 250,
    /** `content.description`. */
    description: 8000,
    /** Each entry of `content.nextSteps`. */
    nextStep: 350,
    /** Each entry of `content.keywords`. */
    keyword: 75,
} as const;

/** The `version` and `source` every custom notification carries. */
export const CHAT_NOTIFICATION = { version: "1.0", source: "custom" } as const;

/** The parts of a custom notification the package writes. */
export interface ChatNotification {
    version: string;
    source: string;
    content: {
        textType: string;
        title: string;
        description: string;
        nextSteps?: string[];
        keywords?: string[];
    };
    metadata?: {
        threadId?: string;
        summary?: string;
        eventType?: string;
        relatedResources?: string[];
        additionalContext?: Record<string, string>;
    };
}

/**
 * What a custom notification breaks of the format and limits of {@link CHAT_NOTIFICATION_LIMITS}: one line per
 * problem, empty when it would be delivered. Lengths count UTF-16 code units, as JavaScript strings do; a character
 * outside the Basic Multilingual Plane counts twice, so this never understates.
 */
export function chatNotificationProblems(message: unknown): string[] {
    const problems: string[] = [];
    const m = message as Partial<ChatNotification> | null;
    if (typeof m !== "object" || m === null) {
        return ["a custom notification is a JSON object"];
    }
    if (m.version !== CHAT_NOTIFICATION.version || m.source !== CHAT_NOTIFICATION.source) {
        problems.push(`version must be "1.0" and source "custom", got ${JSON.stringify([m.version, m.source])}`);
    }
    const content = m.content;
    if (typeof content !== "object" || content === null) {
        return [...problems, "content is missing"];
    }
    const length = (field: string, value: unknown, limit: number) => {
        if (typeof value !== "string") {
            problems.push(`${field} must be a string`);
        } else if (value.length > limit) {
            problems.push(`${field} has ${value.length} characters; at most ${limit}`);
        }
    };
    length("content.title", content.title, CHAT_NOTIFICATION_LIMITS.title);
    length("content.description", content.description, CHAT_NOTIFICATION_LIMITS.description);
    (content.nextSteps ?? []).forEach((step, i) => length(`content.nextSteps[${i}]`, step, CHAT_NOTIFICATION_LIMITS.nextStep));
    (content.keywords ?? []).forEach((word, i) => length(`content.keywords[${i}]`, word, CHAT_NOTIFICATION_LIMITS.keyword));
    return problems;
}
