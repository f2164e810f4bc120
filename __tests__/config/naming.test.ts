import { ConfigError } from "../../stacks/core/errors";
import { Naming } from "../../stacks/core/naming";

describe("resource names", () => {
  const naming = new Naming("integ", "prod");

  test("are <prefix>-<environment>-<suffix>", () => {
    expect(naming.name("kinesisStream", "events")).toBe("integ-prod-events");
  });

  test("a name longer than the AWS resource allows fails with the limit and what to shorten", () => {
    const long = new Naming("a".repeat(20), "b".repeat(16));
    const build = () => long.name("iamRole", "a-role-with-a-long-descriptive-name");
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(
      /IAM role names are 1 to 64 characters; this one is 73\. It is built from prefix "a{20}" and environment "b{16}": shorten them/,
    );
  });

  test("characters a resource rejects fail", () => {
    expect(() => naming.name("s3Bucket", "Upper_Case")).toThrow(
      /S3 bucket names may contain only lowercase letters/,
    );
  });

  test("reserved characters (an account id appended later) count against the limit", () => {
    expect(() => new Naming("a".repeat(20), "b".repeat(16)).name("s3Bucket", "records-archive", 13)).toThrow(
      /plus 13 characters added at apply time/,
    );
  });
});
