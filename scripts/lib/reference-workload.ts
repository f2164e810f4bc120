// A fixed CPU workload in the shape of what synthesis and the suite do (building many small objects,
// JSON text both ways, string and regex work), timed in this process. Machines of the same kind differ in
// speed (two sessions on "2-core machines" measured the same commit's suite at 37 and 81 CPU-s), so the
// bench prints this beside its numbers: compare numbers from different machines by it, not by the clock.

function workloadOnce(): number {
  let checksum = 0;
  for (let round = 0; round < 8; round++) {
    const resources: Record<string, unknown>[] = [];
    for (let i = 0; i < 20_000; i++) {
      resources.push({
        type: `aws_resource_${i % 37}`,
        name: `r${i}`,
        tags: { environment: "dev", stack: `s${i % 6}`, index: i },
        arn: `arn:aws:service:us-east-1:123456789012:thing/${i.toString(36)}`,
      });
    }
    const text = JSON.stringify(resources);
    const parsed = JSON.parse(text) as { arn: string }[];
    for (const r of parsed) if (/thing\/[a-z0-9]*z/.test(r.arn)) checksum++;
    checksum += text.length % 1000;
  }
  return checksum;
}

/** Median user + system CPU seconds of the workload over `runs` runs (after one warm-up). */
export function referenceCpuSeconds(runs = 5): number {
  workloadOnce();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    workloadOnce();
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}
