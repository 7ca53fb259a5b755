/**
 * The real stack on free loopback ports: mosquitto (temp config and persistence),
 * telemetry-backend (SQLite in a temp folder, serving frontend/dist) and
 * telemetry-producer (with backfill). Every process is started here and stopped here by
 * its pid; logs go to the stack's temp folder and are printed when a check fails.
 */
import { spawn } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port the kernel just handed out on 127.0.0.1 (listen on 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(what, child, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited at start (${child.exitCode ?? child.signalCode}); see ${child.logPath}`);
    }
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`${what} did not come up in ${timeoutMs / 1000} s; see ${child.logPath}`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(child, graceMs = 10_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

export class Stack {
  constructor({ buildDir = process.env.BUILD_DIR || 'build' } = {}) {
    this.bin = path.resolve(REPO, buildDir, 'bin');
    this.dist = path.join(REPO, 'frontend', 'dist');
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'telemetry-e2e-'));
    this.children = new Set();
    this.clientId = `telemetry-backend-e2e-${process.pid}-${Date.now()}`;
  }

  /** Clear messages for what a run cannot do without. */
  preflight() {
    for (const name of ['telemetry-backend', 'telemetry-producer']) {
      if (!existsSync(path.join(this.bin, name))) {
        throw new Error(`${path.join(this.bin, name)} is missing: run make build (or set BUILD_DIR)`);
      }
    }
    if (!existsSync(path.join(this.dist, 'index.html'))) {
      throw new Error('frontend/dist/index.html is missing: build the dashboard first (make frontend)');
    }
  }

  get baseUrl() {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  spawn(name, command, args) {
    const logPath = path.join(this.dir, `${name}.log`);
    const log = createWriteStream(logPath, { flags: 'a' });
    const child = spawn(command, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.logPath = logPath;
    child.name = name;
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  async startMosquitto() {
    this.mqttPort = await freePort();
    const persistence = path.join(this.dir, 'mosquitto');
    // mosquitto started as root drops to its own user, which must be able to write here.
    chmodSync(this.dir, 0o755);
    mkdirSync(persistence, { recursive: true });
    chmodSync(persistence, 0o777);
    const conf = readFileSync(path.join(REPO, 'deploy', 'mosquitto.conf'), 'utf8')
      .replace(/^listener 1883$/m, `listener ${this.mqttPort} 127.0.0.1`)
      .replace(/^persistence_location .*$/m, `persistence_location ${persistence}/`);
    if (!conf.includes(`listener ${this.mqttPort} 127.0.0.1`)) throw new Error('deploy/mosquitto.conf has no "listener 1883" line');
    const confPath = path.join(this.dir, 'mosquitto.conf');
    writeFileSync(confPath, conf);
    this.mosquitto = this.spawn('mosquitto', 'mosquitto', ['-c', confPath]);
    await waitFor('mosquitto', this.mosquitto, () => portOpen(this.mqttPort), 10_000);
  }

  async startBackend() {
    this.httpPort ??= await freePort();
    this.backend = this.spawn('backend', path.join(this.bin, 'telemetry-backend'), [
      '--broker', `tcp://127.0.0.1:${this.mqttPort}`,
      '--store', `sqlite:${path.join(this.dir, 't.db')}`,
      '--http', `127.0.0.1:${this.httpPort}`,
      '--static', this.dist,
      '--client-id', this.clientId,
    ]);
    await waitFor('backend', this.backend, async () => {
      try {
        return (await fetch(`${this.baseUrl}/readyz`)).ok;
      } catch {
        return false;
      }
    }, 20_000);
  }

  async stopBackend() {
    await stopProcess(this.backend, 20_000);
    const { exitCode, signalCode } = this.backend;
    return { exitCode, signalCode };
  }

  startProducer(backfill = '1h') {
    this.producer = this.spawn('producer', path.join(this.bin, 'telemetry-producer'), [
      '--broker', `tcp://127.0.0.1:${this.mqttPort}`,
      '--backfill', backfill,
      '--client-id', `telemetry-producer-e2e-${process.pid}-${Date.now()}`,
    ]);
  }

  async start() {
    this.preflight();
    await this.startMosquitto();
    await this.startBackend();
    this.startProducer();
  }

  async api(pathAndQuery) {
    const response = await fetch(`${this.baseUrl}${pathAndQuery}`);
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${pathAndQuery}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  }

  /** Every raw point of one series in [from, to], following the cursor. */
  async history(series, from, to, limit = 10_000) {
    const points = [];
    let cursor = null;
    do {
      const q = new URLSearchParams({ series, from: String(from), to: String(to), limit: String(limit) });
      if (cursor) q.set('cursor', cursor);
      const page = await this.api(`/api/history?${q}`);
      points.push(...page.points);
      cursor = page.next;
    } while (cursor);
    return points;
  }

  /** Last lines of every log, for a failure report. */
  logTails(lines = 15) {
    const out = [];
    for (const name of ['mosquitto', 'backend', 'producer']) {
      const file = path.join(this.dir, `${name}.log`);
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      out.push(`--- ${name}.log (last ${lines} lines)\n${text}`);
    }
    return out.join('\n');
  }

  /** Producer first (it publishes its offline status), then the backend, then the broker. */
  async stop({ keepDir = false } = {}) {
    await stopProcess(this.producer);
    await stopProcess(this.backend, 20_000);
    await stopProcess(this.mosquitto);
    for (const child of [...this.children]) await stopProcess(child);
    if (!keepDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
