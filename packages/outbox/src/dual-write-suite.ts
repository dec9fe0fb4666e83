import { reportFigure } from '@ecommerce/local-cloud';
import { describe, expect, it, vi } from 'vitest';
import { crashPoints, measureDualWrites, type DualWriteScenario } from './fault-injection.js';

/**
 * The fault-injection test every service that writes and then emits runs (its
 * test/dual-write.int.test.ts): for each crash point, `runs` writers die there, the relay catches up,
 * and nothing is stored without its event nor announced without being stored. Dying after the
 * publish costs a second publish of the same event, which consumers ignore by its id; a writer whose
 * table's stream sends its events never publishes, so it has nothing to die after.
 */
export const describeDualWrites = <I extends { orderId: string }>(
  /** What is written and what announces it, as the suite's title says it: "an invoice and its INVOICE_CREATED". */
  subject: string,
  /** The service, as the figure names it (RELIABILITY.md, section 3). */
  service: string,
  scenario: Omit<DualWriteScenario<I>, 'crashPoint'>,
) =>
  describe(`${subject}, when the process dies anywhere between them`, () => {
    it.each(crashPoints)('are both kept or both absent once the outbox is swept (process dies %s)', async (crashPoint) => {
      // Each crash is logged by the writer: expected here, and noise in the test output.
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

      const outcome = await measureDualWrites({ ...scenario, crashPoint });

      reportFigure(`no dual-write loss, ${service}`, { crashPoint, ...outcome });
      expect(outcome).toEqual({
        runs: scenario.runs,
        stored: crashPoint === 'before the commit' ? 0 : scenario.runs,
        lostEvents: 0,
        phantomEvents: 0,
        publishedTwice: crashPoint === 'after the publish' && scenario.sentBy !== 'the stream relay' ? scenario.runs : 0,
      });
      vi.restoreAllMocks();
    });
  });
