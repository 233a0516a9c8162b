// Preloaded into a measured child (`node --import <this>`): prints its peak resident set size when it exits.
process.on("exit", () => {
  process.stderr.write(`\nclaimbot-max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
