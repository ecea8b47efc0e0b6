import * as pulumi from "@pulumi/pulumi";
import { InvalidArgumentError } from "../errors";
import { isLater } from "./checks";

/**
 * An input that failed its check at deployment, reported as an error of the component that was given it: Pulumi
 * prints it once, under the component, without a stack trace. Its message is the check's, whatever passes it on
 * (Pulumi's serializer prefixes the message of any error that fails a resource property with the property's name).
 */
export class LateInputError extends pulumi.ResourceError {
    public readonly field: string;
    public readonly value: unknown;
    public readonly allowed: string;
    public readonly component: string;

    constructor(cause: InvalidArgumentError, resource: pulumi.Resource | undefined) {
        super(cause.message, resource, true);
        this.field = cause.field;
        this.value = cause.value;
        this.allowed = cause.allowed;
        this.component = cause.component;
        this.name = "InvalidArgumentError";
        const message = cause.message;
        Object.defineProperty(this, "message", { get: () => message, set: () => undefined, enumerable: false, configurable: true });
        Object.defineProperty(this, "resource", { value: resource, enumerable: false, writable: true, configurable: true });
    }
}

/**
 * The checks of one component's inputs that are known only at deployment. The plan checks each such input through
 * {@link LateChecks.check}; the component attaches itself once it exists, and every resource it creates waits for
 * {@link LateChecks.passed}, so that a bad value fails the deployment before anything is created, as one error of the
 * component naming the input.
 */
export class LateChecks {
    private readonly pending: pulumi.Output<unknown>[] = [];
    private owner: pulumi.Resource | undefined;

    /** @param component the component's type name, which every error names: `EcsLifecycleLogs`, `EcsEventForwarder`. */
    constructor(public readonly component: string) {}

    /**
     * Checks a value now when it is written in the program (throwing the `InvalidArgumentError`), or as soon as it
     * resolves when it comes from another resource; returns the value to pass on (for a later value, an output that
     * resolves once the check passed). A secret value is named `[secret]` in the error.
     */
    check<T>(value: pulumi.Input<T>, check: (value: T) => unknown): pulumi.Input<T> {
        return this.derive(value, (v) => {
            check(v);
            return v;
        });
    }

    /**
     * Derives a value from an input, checking it on the way (`derive` throws an `InvalidArgumentError` for a bad
     * one): now when the input is written in the program, else as soon as it resolves, and the deployment waits for
     * that before creating anything.
     */
    derive<T, U>(value: pulumi.Input<T>, derive: (value: T) => U): pulumi.Input<U> {
        if (!isLater(value)) {
            return this.now(() => derive(value as T));
        }
        const derived = this.deployed(value, derive);
        this.pending.push(derived);
        return derived;
    }

    /**
     * A check of values that exist only once resources are created (a rule's ARN, say): the same error of the
     * component, for whatever takes the result, without holding back the component's first resources.
     */
    deployed<T, U>(value: pulumi.Input<T>, derive: (value: T) => U): pulumi.Output<U> {
        const input = pulumi.output(value);
        return input.apply(async (v) => {
            try {
                return this.now(() => derive(v as T));
            } catch (e) {
                if (e instanceof InvalidArgumentError) {
                    throw new LateInputError((await pulumi.isSecret(input)) ? e.redacted() : e, this.owner);
                }
                throw e;
            }
        }) as pulumi.Output<U>;
    }

    /** Whether any input is checked only at deployment. */
    get any(): boolean {
        return this.pending.length > 0;
    }

    /** Makes `owner` the resource every later failure is reported on. */
    attach(owner: pulumi.Resource): void {
        this.owner = owner;
    }

    /** Resolves once every check registered so far has passed; fails, as the component's error, when one does not. */
    passed(): pulumi.Output<unknown[]> {
        return pulumi.all(this.pending);
    }

    /** Runs a check now, rewording an `InvalidArgumentError` thrown for another component as this component's. */
    now<R>(check: () => R): R {
        try {
            return check();
        } catch (e) {
            if (e instanceof InvalidArgumentError && e.component !== this.component) {
                throw new InvalidArgumentError(e.field, e.value, e.allowed, this.component);
            }
            throw e;
        }
    }
}
