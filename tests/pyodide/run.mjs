#!/usr/bin/env node
// Run a Python file under Pyodide (the npm package in ./node_modules, no network) with folders
// copied into Pyodide's file system, as xlwings Lite's personal modules are.
//
//   node run.mjs --path DIR [--path DIR]... [--file SRC=DEST]... [--env K=V]... SCRIPT.py
//
//   --path DIR      copy DIR to /lite/path<i> and put it on sys.path (in the order given)
//   --file SRC=DEST copy the file SRC to DEST in Pyodide's file system (DEST: absolute)
//   --env K=V       set os.environ[K] before the script runs
//   --save SRC=DEST after the script, copy SRC (Pyodide) to the host file DEST
//
// Any attempt to fetch over the network fails (the tests run offline; loadPyodide reads its
// wasm and standard library from node_modules).  Prints one JSON object on stdout:
// {ok, python, pyodide, load_ms, run_ms, stdout, error, fetches}.
import { loadPyodide, version as pyodideVersion } from "pyodide";
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const paths = [], files = [], env = {}, saves = [];
let script = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const pair = () => { const v = args[++i]; const k = v.indexOf("="); return [v.slice(0, k), v.slice(k + 1)]; };
  if (a === "--path") paths.push(resolve(args[++i]));
  else if (a === "--file") files.push(pair());
  else if (a === "--env") { const [k, v] = pair(); env[k] = v; }
  else if (a === "--save") saves.push(pair());
  else script = resolve(a);
}
if (!script) { console.error("usage: node run.mjs [--path DIR]... [--file SRC=DEST]... SCRIPT.py"); process.exit(2); }

const fetches = [];
globalThis.fetch = async (url) => {
  const u = String(url && url.url ? url.url : url);
  fetches.push(u);
  throw new Error(`offline: refused ${u}`);
};

function copyTree(FS, src, dst) {
  FS.mkdirTree(dst);
  for (const name of readdirSync(src)) {
    if (name === "__pycache__") continue;
    const s = join(src, name), d = `${dst}/${name}`;
    if (statSync(s).isDirectory()) copyTree(FS, s, d);
    else FS.writeFile(d, readFileSync(s));
  }
}

const out = { ok: false, pyodide: pyodideVersion, fetches };
const captured = [];
const t0 = performance.now();
const py = await loadPyodide({ stdout: (s) => captured.push(s), stderr: (s) => process.stderr.write(s + "\n") });
out.load_ms = Math.round(performance.now() - t0);
const sysPath = [];
paths.forEach((p, i) => { copyTree(py.FS, p, `/lite/path${i}`); sysPath.push(`/lite/path${i}`); });
for (const [src, dest] of files) {
  py.FS.mkdirTree(dest.slice(0, dest.lastIndexOf("/")) || "/");
  py.FS.writeFile(dest, readFileSync(resolve(src)));
}
py.globals.set("_paths", py.toPy(sysPath));
py.globals.set("_env", py.toPy(env));
py.runPython("import os, sys\nsys.path[:0] = list(_paths)\nos.environ.update(dict(_env))");
const t1 = performance.now();
try {
  py.runPython(readFileSync(script, "utf8"), { filename: script });
  out.ok = true;
} catch (err) {
  out.error = String(err && err.message ? err.message : err);
}
out.run_ms = Math.round(performance.now() - t1);
out.python = py.runPython("import sys; sys.version.split()[0]");
out.stdout = captured.join("\n");
for (const [src, dest] of saves) {
  try {
    mkdirSync(dirname(resolve(dest)), { recursive: true });
    writeFileSync(resolve(dest), py.FS.readFile(src));
  } catch (err) {
    out.ok = false;
    out.error = (out.error ? out.error + "\n" : "") + `cannot save ${src}: ${err}`;
  }
}
process.stdout.write(JSON.stringify(out) + "\n");
