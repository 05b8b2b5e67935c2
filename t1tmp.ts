import { fitBgNbd, fitParetoNbd, simulateBgNbd, simulateParetoNbd } from './src/clv/index.js';
const cohort = { minT: 27, maxT: 39, resolution: 1 / 7, seed: 7 };
function raw(g: readonly {frequency:number;recency:number;T:number;weight?:number}[]) { const out: {frequency:number;recency:number;T:number}[] = []; for (const r of g) for (let i = 0; i < r.weight!; i++) out.push({ frequency: r.frequency, recency: r.recency, T: r.T }); return out; }
const bg = raw(simulateBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { customers: 1_000_000, ...cohort }));
const pn = raw(simulateParetoNbd({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, { customers: 1_000_000, ...cohort }));
for (let k = 0; k < 3; k++) {
  let t = performance.now(); const f = fitBgNbd(bg); const tb = performance.now() - t;
  t = performance.now(); const f3 = fitParetoNbd(pn); const tp = performance.now() - t;
  console.log('bg', tb.toFixed(0), f.ok && f.value.iterations, 'pn', tp.toFixed(0), f3.ok && f3.value.iterations);
}
