import { readFileSync } from 'node:fs'

/**
 * Who used the CPUs during a measurement (Linux /proc; undefined elsewhere): the server, this process
 * (autocannon / fetch), and everything else. On a shared machine "everything else" (other builds and
 * tests, hypervisor steal) is what makes a run slow, so it is printed beside the figures.
 */
export interface CpuUsage {
  /** Cores used on average over the interval. */
  server: number
  /** Of `server`, its main thread (JavaScript); the rest is V8's helper threads (GC, compiler) and libuv's pool. */
  serverMainThread: number
  bench: number
  /** Other processes plus hypervisor steal. */
  others: number
}

/** /proc counts in USER_HZ ticks, 100 per second on every Linux that matters. */
const TICKS_PER_SECOND = 100

interface Snapshot {
  at: number
  machineBusyTicks: number
  serverTicks: number
  serverMainThreadTicks: number
  benchMicros: number
}

function machineBusyTicks(): number {
  // cpu  user nice system idle iowait irq softirq steal ...
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/)
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number)
  return user! + nice! + system! + irq! + softirq! + (steal ?? 0)
}

/** A process's CPU ticks, or with `thread` one of its threads' (a process's main thread has its pid as id). */
function processTicks(pid: number, thread?: number): number {
  // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
  const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12]) // utime, stime (fields 14 and 15 of the whole line)
}

function snapshot(serverPid: number): Snapshot | undefined {
  try {
    const { user, system } = process.cpuUsage()
    return { at: performance.now(), machineBusyTicks: machineBusyTicks(), serverTicks: processTicks(serverPid), serverMainThreadTicks: processTicks(serverPid, serverPid), benchMicros: user + system }
  }
  catch {
    return undefined
  }
}

/** Runs `work` and reports the CPU it and everything else used meanwhile. */
export async function withCpuUsage<T>(serverPid: number, work: () => Promise<T>): Promise<{ result: T, cpu?: CpuUsage }> {
  const before = snapshot(serverPid)
  const result = await work()
  const after = snapshot(serverPid)
  if (!before || !after) return { result }
  const seconds = (after.at - before.at) / 1000
  const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds
  const server = cores(after.serverTicks - before.serverTicks)
  const serverMainThread = cores(after.serverMainThreadTicks - before.serverMainThreadTicks)
  const bench = (after.benchMicros - before.benchMicros) / 1e6 / seconds
  const machine = cores(after.machineBusyTicks - before.machineBusyTicks)
  return { result, cpu: { server, serverMainThread, bench, others: Math.max(0, machine - server - bench) } }
}
