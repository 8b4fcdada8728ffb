import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { FakeLinkedInPosts } from '../fakes/platforms/fake-linkedin-posts';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import { latencySequence } from './latency-sequence';

/**
 * The publish bench's platforms: the three fakes in instant mode (no limits, no duplicate memory,
 * nothing stored), in their own process so their work and memory count neither for the engine
 * nor for the bare loop it is compared with. `latency` as the first argument: every publish is
 * answered after the next delay of the seeded sequence (latency-sequence.ts), shared by the three
 * in arrival order. Prints `{facebook, linkedin, x}` base URLs as one JSON line; on SIGTERM prints
 * `{received}` per fake and exits.
 */
const answerDelayMs = process.argv[2] === 'latency' ? latencySequence() : undefined;
const options = { isValidToken: () => true, instant: true, answerDelayMs };
const facebook = await new FakeFacebookGraph(options).start();
const linkedin = await new FakeLinkedInPosts(options).start();
const x = await new FakeXApi(options).start();
process.stdout.write(`${JSON.stringify({ facebook: facebook.graphUrl, linkedin: linkedin.url, x: x.url })}\n`);
process.on('SIGTERM', () => {
  process.stdout.write(`${JSON.stringify({ received: { facebook: facebook.received, linkedin: linkedin.received, x: x.received } })}\n`);
  void Promise.all([facebook.stop(), linkedin.stop(), x.stop()]).then(() => process.exit(0));
});
