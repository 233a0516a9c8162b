/**
 * The soak's HTTP clients, in their own process so their work does not stall the fakes' clocks in the soak process.
 * argv: <port> <clients> <seconds> <texts as JSON>. Prints one JSON line: latencies (ms) and failures.
 */
const [port, clients, seconds, textsJson] = process.argv.slice(2);
const texts = JSON.parse(textsJson ?? "[]") as string[];
const end = Date.now() + Number(seconds) * 1000;
const latencies: number[] = [];
let non200 = 0;
let n = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
await Promise.all(
  Array.from({ length: Number(clients) }, async () => {
    while (Date.now() < end) {
      const text = texts[n++ % texts.length] ?? "test";
      const t0 = performance.now();
      try {
        const response = await fetch(`http://127.0.0.1:${port}/v1/lookup`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text, mode: n % 2 === 0 ? "dm" : "group" }),
        });
        await response.arrayBuffer();
        if (response.status !== 200) non200++;
      } catch {
        non200++;
      }
      latencies.push(Math.round(performance.now() - t0));
      await sleep(20);
    }
  }),
);
process.stdout.write(`${JSON.stringify({ latencies, non200 })}\n`);
