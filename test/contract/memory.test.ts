import { MemorySearchIndex } from "../../src/search/memory.ts";
import { searchIndexContract } from "./search-index.contract.ts";

searchIndexContract("memory", async () => ({ index: new MemorySearchIndex() }), { relevance: true });
