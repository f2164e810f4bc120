/**
 * The one place that decides data protection: "dev" is the only disposable environment. There `protectData`
 * defaults to false, buckets may be destroyed with their objects (`forceDestroy`) and no account pin is
 * required; every other environment holds data someone needs. Stacks read only the resolved `protectData`.
 */
export const DISPOSABLE_ENVIRONMENT = "dev";

export function isDisposableEnvironment(environment: string): boolean {
  return environment === DISPOSABLE_ENVIRONMENT;
}
