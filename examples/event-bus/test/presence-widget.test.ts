import { describe, expect, test } from 'vitest';
import { track } from '@leakproof/vitest';
import { EventBus } from '../src/event-bus.js';
import { PresenceWidget, type AppEvents } from '../src/presence-widget.js';

const bus = new EventBus<AppEvents>();
let contact = 0;

/** Opens a contact card, receives one presence event, closes it. */
function openAndClose(forgetToDispose: boolean): PresenceWidget {
  const widget = new PresenceWidget(bus, `contact-${contact++}`, forgetToDispose);
  widget.mount();
  bus.emit('presence', { contact: widget.contact, online: true });
  widget.unmount();
  return widget;
}

describe('presence widget', () => {
  test('leaky: a subscription never disposed keeps every widget (caught)', async () => {
    await expect(expect(() => openAndClose(true)).toNotLeak()).rejects.toThrow(/heap {5}LEAK[\s\S]*EventBus\.handlers \(Map\)/);
  });

  test('leaky: the unmounted widget is still reachable from the bus (caught)', async () => {
    await expect(expect(track(openAndClose(true), 'unmounted widget')).toBeCollected()).rejects.toThrow(/retained by: .*bus \(EventBus\)/);
  });

  test('fixed: unmount() disposes the subscription (passes)', async () => {
    await expect(() => openAndClose(false)).toNotLeak();
  });

  test('fixed: the unmounted widget is collected (passes)', async () => {
    await expect(track(openAndClose(false), 'unmounted widget')).toBeCollected();
  });
});
