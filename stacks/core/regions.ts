/**
 * AWS regions the project accepts, with their partition. A typo such as "us-east1" fails at synth
 * instead of producing a stack that cannot be planned.
 * @see https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 */
const REGIONS_BY_PARTITION = {
  aws: [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
  ],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
} as const;

export type Partition = keyof typeof REGIONS_BY_PARTITION;

export const KNOWN_REGIONS: readonly string[] = Object.values(REGIONS_BY_PARTITION).flat();

export function partitionOf(region: string): Partition {
  for (const [partition, regions] of Object.entries(REGIONS_BY_PARTITION)) {
    if ((regions as readonly string[]).includes(region)) return partition as Partition;
  }
  throw new Error(`Unknown AWS region ${JSON.stringify(region)}`);
}
