import * as pulumi from "@pulumi/pulumi";
import { DeadLetterArgs, DeadLetterSettings, resolveDeadLetterSettings } from "./deadLetter";
import { DeliveryAlarmArgs, DeliveryAlarmSettings, resolveDeliveryAlarmSettings } from "./deliveryAlarms";
import { KmsKeyArgs, KmsKeySettings, resolveKmsKeySettings } from "./kmsKey";
import { ProtectionArgs, ProtectionSettings, resolveProtectionSettings } from "./protection";

/** The inputs that keep every event recoverable and the history safe, before validation. */
export interface DurabilityArgs extends DeadLetterArgs, KmsKeyArgs, ProtectionArgs {
    deliveryAlarm?: DeliveryAlarmArgs;
}

/** Validated dead-letter, alarm, encryption and protection settings. */
export interface DurabilitySettings {
    deadLetter: DeadLetterSettings;
    deliveryAlarm?: DeliveryAlarmSettings;
    kmsKey: KmsKeySettings;
    protection: ProtectionSettings;
}

/**
 * Validates the dead-letter queue, delivery alarm, KMS key and protection inputs, throwing an `InvalidArgumentError`
 * before anything is created. `logGroupName` is the log group's name after defaults (it names the log group's
 * resources).
 */
export function resolveDurabilitySettings(
    name: string,
    args: DurabilityArgs,
    logGroupName: pulumi.Input<string>,
): DurabilitySettings {
    return {
        deadLetter: resolveDeadLetterSettings(name, args),
        deliveryAlarm: resolveDeliveryAlarmSettings(args.deliveryAlarm),
        kmsKey: resolveKmsKeySettings(args),
        protection: resolveProtectionSettings(name, args, logGroupName),
    };
}
