// The voip-call suite, shared by Vitest (test/vitest) and Jest (test/jest): each runner file passes its `track`.
// Set VOIP_DEFECTS (pool, codec, listener, timer) to plant the defects; with none, every test passes.
import { CallFailedError, CallManager, type CallDelegate } from '../src/call-manager.js';
import { defectsFromEnv } from '../src/defects.js';
import { NetworkMonitor } from '../src/network-monitor.js';

/** `track(obj, label)` of @leakproof/vitest or @leakproof/jest: a weak probe for toBeCollected. */
export type Track = (target: object, label: string) => object;

const network = new NetworkMonitor();
const manager = new CallManager({ network, defects: defectsFromEnv() });

export function callSessionSuite(track: Track): void {
  /** One call, placed and ended in its own frame so that only the probe outlives it. */
  async function endedCall(): Promise<object> {
    const session = manager.startCall('+1 555 0142');
    await session.processFrames(10);
    manager.endCall(session);
    return track(session, 'ended call session');
  }

  /** A call screen that registers as the manager's delegate, shows one call and is closed (dropped). */
  function closedScreen(): object {
    const screen: CallDelegate = { callStarted: () => undefined, callEnded: () => undefined };
    manager.delegate = screen;
    manager.endCall(manager.startCall('+1 555 0177'));
    return track(screen, 'closed call screen');
  }

  describe('voip call session', () => {
    test('a full call cycle does not leak', async () => {
      await expect(async () => {
        const session = manager.startCall('+1 555 0100');
        await session.processFrames(8); // decoded on a libuv worker thread
        network.report('fair');
        manager.endCall(session);
      }).toNotLeak();
    });

    test('a failed call (callee busy) does not leak', async () => {
      await expect(() => {
        try {
          manager.startCall('+1 555 BUSY');
        } catch (error) {
          if (!(error instanceof CallFailedError)) throw error;
        }
      }).toNotLeak();
    });

    // The jitter buffer is bounded (6 frames): an unbounded one would hold all 15,000 frames of 640 B (9.6 MB).
    test('a 5-minute call stays under 4 MB', async () => {
      await expect(async () => {
        const session = manager.startCall('+1 555 0199');
        for (let second = 0; second < 300; second++) await session.processFrames(50); // 50 frames of 20 ms
        manager.endCall(session);
      }).toStayUnder({ total: '4 MB', native: '4 MB' });
    });

    test('an ended call session is collected', async () => {
      await expect(await endedCall()).toBeCollected();
    });

    test('a closed call screen (the delegate) is collected while the manager lives', async () => {
      await expect(closedScreen()).toBeCollected(); // the manager holds its delegate through a WeakRef
    });
  });
}
