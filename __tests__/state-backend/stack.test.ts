import { loadConfig } from "../../stacks/config/load";
import {
  addressesOf,
  resource,
  statementsOf,
  synthesize,
  type TerraformJson,
  testConfig,
} from "../support/synth";

const STACK = "state-backend";

describe(STACK, () => {
  let text: string;
  let stack: TerraformJson;

  beforeAll(() => {
    const synthesized = synthesize({ stacks: [STACK], config: testConfig({ accountId: "111122223333" }) });
    text = synthesized.text(STACK);
    stack = synthesized.json(STACK);
  });

  test("synthesized Terraform JSON matches the reviewed snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  test("resource addresses are stable", () => {
    expect(addressesOf(stack)).toEqual([
      "aws_s3_bucket.state_bucket",
      "aws_s3_bucket_lifecycle_configuration.state_lifecycle",
      "aws_s3_bucket_ownership_controls.state_ownership",
      "aws_s3_bucket_policy.state_policy",
      "aws_s3_bucket_public_access_block.state_public-access",
      "aws_s3_bucket_server_side_encryption_configuration.state_encryption",
      "aws_s3_bucket_versioning.state_versioning",
      "data.aws_iam_policy_document.state_policy-document",
    ]);
  });

  test("the state bucket can never be destroyed by Terraform, even in dev", () => {
    expect(resource(stack, "aws_s3_bucket", "state_bucket")).toMatchObject({
      bucket: "integ-dev-tfstate-111122223333-us-east-1",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("state versions are kept, encrypted and private, and old versions expire after 90 days", () => {
    expect(resource(stack, "aws_s3_bucket_versioning", "state_versioning").versioning_configuration).toEqual({
      status: "Enabled",
    });
    const rules = resource(stack, "aws_s3_bucket_lifecycle_configuration", "state_lifecycle").rule;
    expect(rules).toContainEqual(
      expect.objectContaining({
        id: "expire-noncurrent-versions",
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
      }),
    );
    expect(statementsOf(stack, "state_policy-document")[0]).toMatchObject({
      sid: "DenyInsecureTransport",
      effect: "Deny",
    });
  });

  test("its outputs give what the S3 backend needs", () => {
    expect(Object.keys(stack.output).sort()).toEqual(["bucket_arn", "bucket_name", "bucket_region"]);
  });
});

describe("the S3 backend defaults to the state-backend bucket", () => {
  test('with an account id, {"type": "s3"} is enough', () => {
    const config = loadConfig({
      context: { accountId: "111122223333", region: "eu-west-1", backend: { type: "s3" } },
    });
    expect(config.backend).toEqual({
      type: "s3",
      bucket: "integ-dev-tfstate-111122223333-eu-west-1",
      region: "eu-west-1",
      keyPrefix: "cdktf-event-integrations",
      kmsKeyId: undefined,
    });
  });

  test("without an account id the bucket must be named", () => {
    expect(() => loadConfig({ context: { backend: { type: "s3" } } })).toThrow(
      /backend\.bucket = \(missing\): required: .*set accountId to use the state-backend stack's bucket/,
    );
  });

  test("every stack then keeps its state under <prefix>/<environment>/<stack>.tfstate in that bucket", () => {
    const config = testConfig({
      accountId: "111122223333",
      backend: { type: "s3", keyPrefix: "team/integrations" },
    });
    const synthesized = synthesize({ config, stacks: ["state-backend", "rds-autotag"] });
    for (const id of ["state-backend", "rds-autotag"] as const) {
      expect(synthesized.json(id).terraform.backend.s3).toEqual({
        bucket: "integ-dev-tfstate-111122223333-us-east-1",
        region: "us-east-1",
        key: `team/integrations/dev/${id}.tfstate`,
        encrypt: true,
        use_lockfile: true,
      });
    }
  });
});
