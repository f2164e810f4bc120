import { findOfflineTooling, type OfflineTooling } from "../../scripts/lib/offline-terraform";

export type AvailableTooling = Extract<OfflineTooling, { available: true }>;

/** Start of the test title the summary reporter (offline-plan-reporter.js) looks for. Keep them in step. */
export const NOT_RUN_TITLE = "offline Terraform plans did not run";

/**
 * terraform and its providers for the offline groups, or undefined after registering one test that
 * says why they cannot run and how to fix it: skipped locally, failed under CI=true. The summary
 * reporter repeats it as the last line of `npm test`.
 */
export function offlineToolingOrSkip(group: string): AvailableTooling | undefined {
  const tooling = findOfflineTooling();
  if (tooling.available) return tooling;
  const title = `${NOT_RUN_TITLE}: ${tooling.reason}. Fix: ${tooling.fix} (${group})`;
  if (process.env.CI === "true") {
    test(title, () => {
      throw new Error(`${title}. CI=true requires the offline Terraform checks.`);
    });
  } else {
    test.skip(title, () => undefined);
  }
  return undefined;
}
