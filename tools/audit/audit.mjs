#!/usr/bin/env node
// `make audit`: Lighthouse on every page of the built site (those in sitemap.xml: essays,
// notebooks, bibliography, glossary, derivations, ...), mobile and desktop, each run
// --runs times (default 3) and scored by the median, printed as one table.
//
// The site is served from 127.0.0.1 on a free port, under the same path as the published
// site (the path of site_url, read from sitemap.xml), and audited in Debian's Chromium
// (CHROME_PATH, default /usr/bin/chromium). Prints the four category scores per page and
// preset, writes every report to .cache/audit/, and exits non-zero when a median is below
// its target (--min-performance, default 0.95; --min for the other three, default 1).
//
// Text is served gzip-compressed, as GitHub Pages serves it, so the transfer sizes that
// Lighthouse simulates with are the published ones. Lighthouse's presets are used as they
// are; on a host slower than Lighthouse's reference (BenchmarkIndex < 1000, printed per
// run) its mobile preset's 4x CPU slowdown understates performance, which Lighthouse's own
// docs ("CPU throttling" in docs/throttling.md) say to calibrate with --cpu-slowdown.
//
//   node tools/audit/audit.mjs [--site site] [--min 1] [--min-performance 0.95] [--runs 3]
//                              [--preset mobile|desktop|both] [--page essays/x/ ...]
//                              [--cpu-slowdown N]

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import * as constants from 'lighthouse/core/config/constants.js';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const CHROME_FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.webp': 'image/webp', '.ico': 'image/x-icon',
  '.xml': 'application/xml', '.gz': 'application/gzip', '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.py': 'text/plain; charset=utf-8',
  '.map': 'application/json', '.woff2': 'font/woff2',
};

const { values: args } = parseArgs({
  options: {
    site: { type: 'string', default: process.env.KB_SITE_DIR || join(ROOT, 'site') },
    min: { type: 'string', default: '1' },
    'min-performance': { type: 'string', default: '0.95' },
    runs: { type: 'string', default: '3' },
    preset: { type: 'string', default: 'both' },
    page: { type: 'string', multiple: true },
    out: { type: 'string', default: join(ROOT, '.cache', 'audit') },
    'cpu-slowdown': { type: 'string' },
  },
});

const siteDir = resolve(args.site);
if (!existsSync(join(siteDir, 'index.html'))) {
  console.error(`error: no built site at ${siteDir}: run \`make site\` first`);
  process.exit(2);
}
const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
if (!existsSync(chromePath)) {
  console.error(`error: Chromium not found at ${chromePath}: run \`make chromium\` or set CHROME_PATH`);
  process.exit(2);
}

// The path the site is published under, from the sitemap's shortest <loc>.
function sitePrefix() {
  const sitemap = join(siteDir, 'sitemap.xml');
  if (!existsSync(sitemap)) return '/';
  const locs = [...readFileSync(sitemap, 'utf8').matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => m[1]);
  if (!locs.length) return '/';
  const path = new URL(locs.reduce((a, b) => (b.length < a.length ? b : a))).pathname;
  return path.endsWith('/') ? path : `${path}/`;
}

// Every page the sitemap lists, as paths under the site's prefix ('' is the home page).
function pagesToAudit(prefix) {
  if (args.page?.length) return args.page.map((p) => p.replace(/^\/+/, ''));
  const sitemap = join(siteDir, 'sitemap.xml');
  const locs = existsSync(sitemap)
    ? [...readFileSync(sitemap, 'utf8').matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => new URL(m[1]).pathname)
    : [prefix];
  const pages = locs.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
  return [...new Set(pages)].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
}

const median = (values) => {
  const known = values.filter((v) => v != null).sort((a, b) => a - b);
  return known.length ? known[Math.floor((known.length - 1) / 2)] : null;
};

function serve(prefix) {
  const notFound = join(siteDir, '404.html');
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = null;
    if (path.startsWith(prefix)) {
      const candidate = normalize(join(siteDir, path.slice(prefix.length)));
      if (candidate === siteDir || candidate.startsWith(siteDir + sep)) {
        file = existsSync(candidate) && statSync(candidate).isDirectory()
          ? join(candidate, 'index.html') : candidate;
        if (!path.endsWith('/') && existsSync(candidate) && statSync(candidate).isDirectory()) {
          res.writeHead(301, { Location: `${path}/` });
          res.end();
          return;
        }
      }
    }
    const found = file && existsSync(file) && statSync(file).isFile();
    const body = found ? file : notFound;
    const type = TYPES[extname(body).toLowerCase()] || 'application/octet-stream';
    const headers = { 'Content-Type': type, 'Cache-Control': 'max-age=600' };
    const gzip = COMPRESSIBLE.has(extname(body).toLowerCase()) && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    const data = gzip ? gzipOf(body) : readFileSync(body);
    if (gzip) {
      headers['Content-Encoding'] = 'gzip';
      headers.Vary = 'Accept-Encoding';
    }
    headers['Content-Length'] = data.length;
    res.writeHead(found ? 200 : 404, headers);
    res.end(req.method === 'HEAD' ? undefined : data);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml', '.csv', '.txt', '.py', '.map']);
const gzipped = new Map();

function gzipOf(file) {
  if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(file), { level: 9 }));
  return gzipped.get(file);
}

// Never leave a browser behind: on Ctrl-C, kill, hang-up or a closed pipe (`| head`).
let chrome = null;
async function stop(code) {
  try {
    await chrome?.kill();
  } finally {
    process.exit(code);
  }
}
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => stop(code));
}
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => stop(err.code === 'EPIPE' ? 0 : 2));
}

const fmt = (score) => (score == null ? '  n/a' : score.toFixed(2).padStart(5));

async function auditOnce(url, preset) {
  const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES };
  if (args['cpu-slowdown']) {
    const base = preset === 'desktop' ? desktopConfig.settings.throttling : constants.throttling.mobileSlow4G;
    flags.throttling = { ...base, cpuSlowdownMultiplier: Number(args['cpu-slowdown']) };
  }
  return lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
}

async function main() {
  const min = Number(args.min);
  const minPerformance = Number(args['min-performance']);
  const target = (category) => (category === 'performance' ? minPerformance : min);
  const runs = Math.max(1, Number(args.runs));
  const presets = args.preset === 'both' ? ['mobile', 'desktop'] : [args.preset];
  const prefix = sitePrefix();
  const pages = pagesToAudit(prefix);
  const server = await serve(prefix);
  const origin = `http://127.0.0.1:${server.address().port}`;
  mkdirSync(args.out, { recursive: true });
  chrome = await chromeLauncher.launch({
    chromePath, chromeFlags: CHROME_FLAGS, logLevel: 'silent', handleSIGINT: false,
  });
  const rows = [];
  const started = Date.now();
  console.log(`Lighthouse on ${pages.length} page(s) × ${presets.join(' + ')} × ${runs} run(s), median; `
    + `${origin}${prefix} (gzip); target performance ≥ ${minPerformance}, others ≥ ${min}`);
  console.log(`${'page'.padEnd(44)} ${'preset'.padEnd(8)} ${CATEGORIES.map((c) => c.slice(0, 5).padStart(5)).join(' ')}  performance runs`);
  try {
    for (const page of pages) {
      for (const preset of presets) {
        const url = `${origin}${prefix}${page}`;
        const results = [];
        for (let i = 0; i < runs; i += 1) results.push(await auditOnce(url, preset));
        const scores = Object.fromEntries(CATEGORIES.map((c) => [c, median(results.map((r) => r.lhr.categories[c]?.score ?? null))]));
        const perfRuns = results.map((r) => r.lhr.categories.performance?.score ?? null);
        // The report kept is the run whose performance is the median.
        const kept = results[perfRuns.indexOf(scores.performance)] || results[0];
        const lhr = kept.lhr;
        const failing = CATEGORIES.flatMap((c) => (lhr.categories[c]?.auditRefs || [])
          .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
          .map((ref) => `${c}/${ref.id} (${lhr.audits[ref.id].score})`));
        const name = `${(page || 'home').replace(/\/$/, '').replaceAll('/', '_')}.${preset}.json`;
        writeFileSync(join(args.out, name), kept.report);
        const benchmark = Math.round(lhr.environment.benchmarkIndex);
        const runtimeError = results.map((r) => r.lhr.runtimeError?.message).find(Boolean);
        const weight = lhr.audits['total-byte-weight']?.numericValue ?? null;
        rows.push({ page: page || '(home)', preset, scores, runs: perfRuns, failing, benchmark, weight, runtimeError });
        console.log(`${(page || '(home)').padEnd(44)} ${preset.padEnd(8)} ${CATEGORIES.map((c) => fmt(scores[c])).join(' ')}`
          + `  ${perfRuns.map((v) => fmt(v).trim()).join(' ')}  (${weight == null ? '?' : Math.round(weight / 1024)} KiB, BenchmarkIndex ${benchmark})`
          + (runtimeError ? `  error: ${runtimeError}` : ''));
      }
    }
  } finally {
    await chrome.kill();
    chrome = null;
    server.close();
  }
  const low = rows.filter((r) => r.runtimeError || CATEGORIES.some((c) => r.scores[c] == null || r.scores[c] < target(c)));
  const worst = Object.fromEntries(CATEGORIES.map((c) => [c, Math.min(...rows.map((r) => r.scores[c] ?? 0))]));
  console.log(`lowest median: ${CATEGORIES.map((c) => `${c} ${worst[c].toFixed(2)}`).join(', ')}`
    + `; ${rows.length * runs} run(s) in ${((Date.now() - started) / 1000).toFixed(0)} s; reports in ${args.out}`);
  writeFileSync(join(args.out, 'summary.json'), `${JSON.stringify({ target: { performance: minPerformance, others: min }, runs, rows }, null, 2)}\n`);
  const imperfect = [...new Set(rows.flatMap((r) => r.failing))].sort();
  if (imperfect.length) console.log(`audits not at 1 in the median runs (category/audit (score)):\n  ${imperfect.join('\n  ')}`);
  if (low.length) {
    console.error(`error: ${low.length} page/preset median(s) below the target:`);
    for (const r of low) console.error(`  ${r.page} ${r.preset}: ${CATEGORIES.map((c) => `${c} ${fmt(r.scores[c])}`).join(', ')}`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  stop(2);
});
