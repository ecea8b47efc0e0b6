import { expect } from "chai";
import {
    ScopingRule,
    conditionsOf,
    describeUnconfined,
    isConfined,
    parseOperator,
    scopingOf,
    whyNotScoping,
} from "../../policy/conditions";
import { grantsAction, openPrincipal, unconfinedOpenStatements, wildcardResourceFindings } from "../../policy/grants";

const ORG = "o-a1b2c3d4e5";
const RULE: ScopingRule = {
    keys: [
        { key: "aws:PrincipalOrgID", example: ORG },
        { key: "aws:SourceArn", example: "<rule ARN>" },
    ],
    remedy: 'Write "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-..."}}.',
};

describe("the pack's rule on conditions: what counts as confining a statement", () => {
    it("splits an operator into set prefix, comparison, negation and IfExists, whatever its case", () => {
        expect(parseOperator("ForAnyValue:StringNotEqualsIfExists")).to.deep.equal({
            text: "ForAnyValue:StringNotEqualsIfExists",
            set: "foranyvalue",
            base: "stringequals",
            negated: true,
            ifExists: true,
        });
        expect(parseOperator("arnlike")).to.deep.equal({ text: "arnlike", base: "arnlike", negated: false, ifExists: false });
        expect(parseOperator("StringNotEqualsIgnoreCase").base).to.equal("stringequalsignorecase");
        expect(parseOperator("NumericNotEquals")).to.include({ base: "numericequals", negated: true });
        expect(parseOperator("Null")).to.include({ base: "null", negated: false });
        expect(parseOperator("ForAllValues:StringEquals")).to.include({ set: "forallvalues", base: "stringequals" });
    });

    it("counts StringEquals, ArnEquals and their ForAnyValue forms naming literal values, and nothing else", () => {
        const confining = [
            { StringEquals: { "aws:PrincipalOrgID": ORG } },
            { stringequals: { "AWS:PRINCIPALORGID": [ORG, "o-zzzzzzzzzz"] } },
            { ArnEquals: { "aws:SourceArn": "arn:aws:events:eu-west-1:123456789012:rule/stops" } },
            { "ForAnyValue:StringEquals": { "aws:PrincipalOrgID": [ORG] } },
            { "ForAnyValue:ArnEquals": { "aws:SourceArn": ["arn:aws:events:eu-west-1:123456789012:rule/stops"] } },
        ];
        for (const condition of confining) {
            expect(isConfined(condition, RULE), JSON.stringify(condition)).to.equal(true);
        }
        const loose: [Record<string, unknown>, RegExp][] = [
            [{ StringLike: { "aws:PrincipalOrgID": "o-*" } }, /matches by pattern/],
            [{ StringLike: { "aws:PrincipalOrgID": ORG } }, /matches by pattern/],
            [{ ArnLike: { "aws:SourceArn": "arn:aws:events:*:*:rule/*" } }, /matches by pattern/],
            [{ StringNotEquals: { "aws:PrincipalOrgID": ORG } }, /every value except/],
            [{ ArnNotEquals: { "aws:SourceArn": "arn:aws:events:eu-west-1:123456789012:rule/x" } }, /every value except/],
            [{ "ForAnyValue:StringNotLike": { "aws:PrincipalOrgID": "o-*" } }, /every value except/],
            [{ StringEqualsIfExists: { "aws:PrincipalOrgID": ORG } }, /carries no aws:PrincipalOrgID \(StringEqualsIfExists is true when the key is absent\)/],
            [{ ArnEqualsIfExists: { "aws:SourceArn": "arn:aws:events:eu-west-1:123456789012:rule/x" } }, /when the key is absent/],
            [{ "ForAllValues:StringEquals": { "aws:PrincipalOrgID": [ORG] } }, /ForAllValues is true for an empty set/],
            [{ Null: { "aws:PrincipalOrgID": "false" } }, /only tests whether aws:PrincipalOrgID is present/],
            [{ StringEqualsIgnoreCase: { "aws:PrincipalOrgID": ORG } }, /not StringEquals or ArnEquals/],
            [{ Bool: { "aws:PrincipalOrgID": "true" } }, /not StringEquals or ArnEquals/],
            [{ StringEquals: { "aws:PrincipalOrgID": "*" } }, /names "\*", a wildcard, not a value/],
            [{ StringEquals: { "aws:PrincipalOrgID": "o-????????" } }, /a wildcard/],
            [{ ArnEquals: { "aws:SourceArn": ["arn:aws:events:eu-west-1:123456789012:rule/stops", "arn:aws:events:*:*:rule/*"] } }, /a wildcard/],
            [{ StringEquals: { "aws:PrincipalOrgID": "${aws:ResourceOrgID}" } }, /a policy variable, not a value/],
            [{ StringEquals: { "aws:PrincipalOrgID": [] } }, /names no value/],
            [{ StringEquals: { "aws:PrincipalOrgID": "" } }, /names no value/],
            [{ StringEquals: { "aws:PrincipalOrgID": 123 } }, /names no value/],
        ];
        for (const [condition, reason] of loose) {
            const scoping = scopingOf(condition, RULE);
            expect(scoping.confining, JSON.stringify(condition)).to.deep.equal([]);
            expect(scoping.loose, JSON.stringify(condition)).to.have.length(1);
            expect(scoping.loose[0].reason, JSON.stringify(condition)).to.match(reason);
        }
    });

    it("looks only at the rule's keys: a condition on another key neither confines nor is reported", () => {
        const other = { Bool: { "aws:SecureTransport": "true" }, StringEquals: { "aws:SourceAccount": "123456789012" } };
        expect(scopingOf(other, RULE)).to.deep.equal({ confining: [], loose: [] });
        expect(describeUnconfined(scopingOf(other, RULE), RULE)).to.equal("has no condition on aws:PrincipalOrgID or aws:SourceArn");
    });

    it("needs one confining condition: conditions are ANDed, so a loose one beside it does not open the statement", () => {
        const both = { StringEquals: { "aws:PrincipalOrgID": ORG }, StringNotEquals: { "aws:SourceArn": "x" } };
        expect(isConfined(both, RULE)).to.equal(true);
        expect(isConfined(undefined, RULE)).to.equal(false);
        expect(isConfined("StringEquals", RULE)).to.equal(false);
        expect(isConfined({ StringEquals: "aws:PrincipalOrgID" }, RULE)).to.equal(false);
    });

    it("quotes each loose condition as written, with the reason, in the order written", () => {
        const scoping = scopingOf({ StringLike: { "aws:PrincipalOrgID": "o-*" }, StringEqualsIfExists: { "aws:SourceArn": "a" } }, RULE);
        expect(describeUnconfined(scoping, RULE)).to.equal(
            'its condition {"StringLike":{"aws:PrincipalOrgID":"o-*"}} matches by pattern, not by name; its condition ' +
                '{"StringEqualsIfExists":{"aws:SourceArn":"a"}} also holds for every request that carries no aws:SourceArn ' +
                "(StringEqualsIfExists is true when the key is absent)",
        );
        expect(conditionsOf({ A: { k: 1 }, B: "x", C: { j: [2] } })).to.deep.equal([
            { operator: "A", key: "k", value: 1 },
            { operator: "C", key: "j", value: [2] },
        ]);
        expect(whyNotScoping({ operator: "StringEquals", key: "aws:PrincipalOrgID", value: ORG })).to.equal(undefined);
    });
});

describe("the pack's statement checks built on the rule", () => {
    it("says whether an Allow statement grants an action, through wildcards and NotAction", () => {
        expect(grantsAction({ Effect: "Allow", Action: "kms:Decrypt*" }, "kms:Decrypt")).to.equal(true);
        expect(grantsAction({ Effect: "Allow", Action: ["KMS:*"] }, "kms:Decrypt")).to.equal(true);
        expect(grantsAction({ Effect: "Allow", Action: "*" }, "kms:Decrypt")).to.equal(true);
        expect(grantsAction({ Effect: "Allow", Action: "kms:Encrypt" }, "kms:Decrypt")).to.equal(false);
        expect(grantsAction({ Effect: "Allow", NotAction: "kms:Encrypt" }, "kms:Decrypt")).to.equal(true);
        expect(grantsAction({ Effect: "Allow", NotAction: "kms:*" }, "kms:Decrypt")).to.equal(false);
        expect(grantsAction({ Effect: "Deny", Action: "*" }, "kms:Decrypt")).to.equal(false);
    });

    it("names open principals: *, {AWS: *}, * in a list, NotPrincipal; never a named one or a Deny", () => {
        expect(openPrincipal({ Effect: "Allow", Principal: "*" })).to.equal('Principal "*"');
        expect(openPrincipal({ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::1:root", "*"] } })).to.equal('Principal {"AWS":["arn:aws:iam::1:root","*"]}');
        expect(openPrincipal({ Effect: "Allow", NotPrincipal: { AWS: "x" } })).to.equal("everyone but its NotPrincipal");
        expect(openPrincipal({ Effect: "Allow", Principal: { Service: "events.amazonaws.com" } })).to.equal(undefined);
        expect(openPrincipal({ Effect: "Deny", Principal: "*" })).to.equal(undefined);
    });

    it("reports an open statement nothing confines, with the risk and the remedy; passes it once confined", () => {
        const open = { Sid: "Open", Effect: "Allow", Principal: "*", Action: "x:Do", Condition: { StringLike: { "aws:PrincipalOrgID": "o-*" } } };
        const check = { rule: RULE, risk: "anyone can do it" };
        expect(unconfinedOpenStatements([open], check)).to.deep.equal([
            'Statement "Open" allows Principal "*" and its condition {"StringLike":{"aws:PrincipalOrgID":"o-*"}} matches by ' +
                `pattern, not by name, so anyone can do it. ${RULE.remedy}`,
        ]);
        expect(unconfinedOpenStatements([{ ...open, Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } } }], check)).to.deep.equal([]);
        expect(unconfinedOpenStatements([open], { ...check, action: "y:Other" }), "only the action checked").to.deep.equal([]);
    });

    it("reports an action granted on a wildcard resource or through NotResource, once per resource", () => {
        const named = [{ action: "events:PutEvents", example: "arn:aws:events:r:a:event-bus/b", risk: "it reaches every bus" }];
        const statement = { Sid: "W", Effect: "Allow", Action: "events:*", Resource: ["*", "arn:aws:events:r:a:event-bus/b", "arn:aws:events:*:*:event-bus/*"] };
        expect(wildcardResourceFindings([statement], named)).to.deep.equal([
            'Statement "W" grants events:PutEvents on "*", so it reaches every bus. Name the resource: "Resource": "arn:aws:events:r:a:event-bus/b".',
            'Statement "W" grants events:PutEvents on "arn:aws:events:*:*:event-bus/*", so it reaches every bus. Name the resource: "Resource": "arn:aws:events:r:a:event-bus/b".',
        ]);
        expect(wildcardResourceFindings([{ Effect: "Allow", Action: "events:PutEvents", NotResource: "x" }], named)).to.have.length(1);
        expect(wildcardResourceFindings([{ Effect: "Allow", Action: "events:PutRule", Resource: "*" }], named)).to.deep.equal([]);
        expect(wildcardResourceFindings([{ ...statement, Resource: "arn:aws:events:r:a:event-bus/b" }], named)).to.deep.equal([]);
    });
});
