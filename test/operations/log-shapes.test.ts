// Operations from logs of other shapes than a full DEBUG deployment: a compute-only INFO log (no API log, no lock
// lines) with a boot that succeeded and one that failed (fixtures/compute-only-info), and an indented message-only
// log with no timestamps (fixtures/timeless). Expected values are read off the fixture lines.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeInProcess, runCli } from '../helpers.js';

interface Op {
  type: string; instance: string | null; requestIds: string[]; outcome: string; start: string | null; end: string | null;
  durationMs: number | null; timed: boolean; failureEvidence: { file: string; line: number; message: string }[];
  entries?: { message: string }[];
}

async function analyze(dir: string): Promise<Op[]> {
  const r = await analyzeInProcess([dir]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { operations: Op[] }).operations;
}

describe('a compute-only INFO log: boots from compute\'s own evidence', () => {
  const file = 'fixtures/compute-only-info/n-cpu.log';
  const lines = readFileSync(file, 'utf8').split('\n');
  // Each build's request, by its claim line; the failed one is the one whose build was aborted.
  const claims = lines.flatMap((l) => {
    const m = /\[(req-[0-9a-f-]{36}) .*\[instance: ([0-9a-f-]{36})\] Claim successful/.exec(l);
    return m ? [{ request: m[1] as string, instance: m[2] as string }] : [];
  });
  const aborted = lines.findIndex((l) => / Build of instance \S+ aborted/.test(l));
  const spawnFailed = lines.findIndex((l) => / ERROR .* Instance failed to spawn/.test(l));

  it('gives each build as a boot, the failed one failed on its spawn error, and its clean-up no delete', async () => {
    expect(claims).toHaveLength(2);
    expect(lines[aborted]).toContain(claims[1]?.request);
    expect(lines.some((l) => l.includes(`${claims[1]?.request as string}`) && l.endsWith('Terminating instance'))).toBe(true);
    const ops = await analyze('fixtures/compute-only-info');
    expect(ops.map((o) => [o.type, o.instance, o.requestIds[0], o.outcome])).toEqual([
      ['boot', claims[0]?.instance, claims[0]?.request, 'succeeded'],
      ['boot', claims[1]?.instance, claims[1]?.request, 'failed'],
    ]);
    const evidence = ops[1]?.failureEvidence.map((e) => [e.line, e.message.split(':')[0]]);
    expect(evidence).toEqual([[spawnFailed + 1, 'Instance failed to spawn'], [aborted + 1, `Build of instance ${claims[1]?.instance as string} aborted`]]);
  });
});

describe('an indented message-only log with no timestamps', () => {
  const lines = readFileSync('fixtures/timeless/n-cpu.log', 'utf8').trimEnd().split('\n');

  it('reads every indented line as an entry, and says the times are unknown instead of inventing them', async () => {
    expect(lines.every((l) => /^ {2}(?:INFO|DEBUG|WARNING|ERROR) /.test(l))).toBe(true);
    const r = await runCli(['stats', 'fixtures/timeless']);
    expect(r.stdout).toContain(`${lines.length} entries, 0 continuation`);
    const ops = await analyze('fixtures/timeless');
    expect(ops.map((o) => [o.type, o.timed, o.start, o.end, o.durationMs])).toEqual([['boot', false, null, null, null]]);
    for (const args of [['analyze', '--no-tui'], ['analyze', '--json'], ['trace', ops[0]?.requestIds[0] as string], ['merge']]) {
      const out = await runCli([...args, 'fixtures/timeless']);
      expect(out.stdout, args.join(' ')).not.toContain('1970');
    }
  });
});

describe('start and end of a boot whose spawn ends long after its last own line (fixtures/operations/boot-slow-queens)', () => {
  it('starts when nova-api received the request and ends at its completion, logged 95 s later under other request IDs', async () => {
    const api = readFileSync('fixtures/operations/boot-slow-queens/n-api.log', 'utf8').split('\n');
    const cpu = readFileSync('fixtures/operations/boot-slow-queens/n-cpu.log', 'utf8').split('\n');
    const stamp = (l: string): number => Date.parse(`${l.slice(0, 10)}T${l.slice(11, 23)}Z`);
    const access = api.find((l) => l.includes('"POST /v2.1/') && l.includes('/servers HTTP/1.1"')) as string;
    const took = Number(/ time: ([\d.]+)$/.exec(access)?.[1]);
    const built = cpu.find((l) => / Took [\d.]+ seconds to build instance\.$/.test(l)) as string;
    const bootId = /\[(req-[0-9a-f-]{36}) /.exec(access)?.[1] as string;
    // The build's end is not under the boot's request ID, and comes over 30 s after its last line.
    expect(built).not.toContain(bootId);
    const lastOwn = Math.max(...cpu.filter((l) => l.includes(bootId)).map(stamp));
    expect(stamp(built) - lastOwn).toBeGreaterThan(30_000);
    const ops = await analyze('fixtures/operations/boot-slow-queens');
    expect(ops.map((o) => [o.type, o.requestIds[0], o.outcome, o.start, o.end])).toEqual([
      ['boot', bootId, 'succeeded', new Date(stamp(access) - took * 1000).toISOString(), new Date(stamp(built)).toISOString()],
    ]);
  });
});

describe('an accepted attach whose compute host never began it (fixtures/operations/attach-volume-never-began-zed)', () => {
  it('is incomplete, naming the line compute never logged, though compute reserved its device name', async () => {
    const cpu = readFileSync('fixtures/operations/attach-volume-never-began-zed/n-cpu-node1.log', 'utf8').split('\n');
    const api = readFileSync('fixtures/operations/attach-volume-never-began-zed/n-api.log', 'utf8').split('\n');
    const attach = api.find((l) => /"POST \/v2\.1\/servers\/\S+\/os-volume_attachments" status: 200 /.test(l)) as string;
    const id = /\[None (req-[0-9a-f-]{36}) /.exec(attach)?.[1] as string;
    // Compute logged the reservation under the attach's request, then nothing of the attach; its log goes on.
    expect(cpu.filter((l) => l.includes(id)).every((l) => l.includes('do_reserve'))).toBe(true);
    expect(cpu.some((l) => l.includes('Attaching volume'))).toBe(false);
    const ops = await analyze('fixtures/operations/attach-volume-never-began-zed');
    expect(ops.map((o) => [o.type, o.requestIds[0], o.outcome, (o as unknown as { outcomeReason: string }).outcomeReason])).toEqual([
      ['attach-volume', id, 'incomplete', 'accepted, and compute never logged "Attaching volume ... to ..."'],
    ]);
  });
});

describe('a delete whose logs end before its network was deallocated (fixtures/operations/delete-cut-info-zed)', () => {
  it('is incomplete at INFO too, on a host that logs the compute manager\'s timings, naming the missing step', async () => {
    const cpu = readFileSync('fixtures/operations/delete-cut-info-zed/n-cpu-node2.log', 'utf8').trimEnd().split('\n');
    // INFO only (no lock lines), the host logs timings (`Took N seconds to destroy ...`), and no deallocation.
    expect(cpu.every((l) => / INFO /.test(l))).toBe(true);
    expect(cpu.some((l) => / Took [\d.]+ seconds to destroy the instance/.test(l))).toBe(true);
    expect(cpu.some((l) => /deallocate network/.test(l))).toBe(false);
    const ops = await analyze('fixtures/operations/delete-cut-info-zed');
    expect(ops.map((o) => [o.type, o.outcome, (o as unknown as { outcomeReason: string }).outcomeReason])).toEqual([
      ['delete', 'incomplete', 'the logs end before the network was deallocated ("Took N seconds to deallocate network for instance.")'],
    ]);
  });
});
