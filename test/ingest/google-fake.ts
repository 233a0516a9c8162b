import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake Fact Check Tools API received. */
export interface RecordedRequest {
  path: string;
  query: Record<string, string>;
  apiKey: string | undefined;
}

/** What the fake answers to one request: a status, a JSON body, headers. */
export interface FakeAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A loopback fake of the Fact Check Tools API (`GET /v1alpha1/claims:search`) on 127.0.0.1, port 0. `answer` gets
 * the request and how many times the same page token was asked before, so tests script paging, 5xx and 429.
 */
export async function startGoogleFake(
  answer: (req: RecordedRequest, attemptForToken: number) => FakeAnswer,
): Promise<{ root: string; requests: RecordedRequest[]; close(): Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const attempts = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const recorded: RecordedRequest = {
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      apiKey: req.headers["x-goog-api-key"] as string | undefined,
    };
    requests.push(recorded);
    if (recorded.path !== "/v1alpha1/claims:search") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
      return;
    }
    const token = recorded.query.pageToken ?? "";
    const n = (attempts.get(token) ?? 0) + 1;
    attempts.set(token, n);
    const a = answer(recorded, n);
    res.writeHead(a.status, { "content-type": "application/json", ...a.headers }).end(JSON.stringify(a.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    root: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A `claims:search` page with `n` claims, each with one review, ids unique by `page`. */
export function claimsPage(page: number, n: number, nextPageToken?: string): unknown {
  return {
    claims: Array.from({ length: n }, (_, i) => ({
      text: `Claim ${i} of page ${page} about a miracle cure`,
      claimant: "Viral post",
      claimDate: "2023-05-01T00:00:00Z",
      claimReview: [
        {
          publisher: { name: "Example Checks", site: "checks.example.org" },
          url: `https://checks.example.org/p${page}/c${i}`,
          title: `Review ${i}`,
          reviewDate: "2023-05-02T00:00:00Z",
          textualRating: "False",
          languageCode: "en",
        },
      ],
    })),
    ...(nextPageToken ? { nextPageToken } : {}),
  };
}
