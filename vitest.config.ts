import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The journeys share one server and its demo data. The publicity journey publishes the demo campaign's 公示, and
 * certificates cannot be issued while a 公示 runs (its period is working days long): it goes last, after the
 * certificates journey has issued. Every other file keeps Vitest's own order. (A sequencer is a root option: Vitest
 * ignores one set in a project, which is how the publicity journey once ran first.)
 */
class JourneyOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const last = (f: TestSpecification) => (f.moduleId.endsWith('/test/e2e/publicity.test.ts') ? 1 : 0);
    return [...sorted].sort((a, b) => last(a) - last(b));
  }
}

// Three tiers (ARCHITECTURE.md): pure unit tests beside the domain code, service/route tests on a real
// database (PGlite by default, PostgreSQL when TEST_DATABASE_URL is set), and browser journeys.
export default defineConfig({
  test: {
    sequence: { sequencer: JourneyOrder },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/domain/**/*.test.ts', 'src/web/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          // A few tests take seconds alone (the boundary check parses the whole tree; the paper and seating scale
          // tests bound their own time); CI runs them beside the PostgreSQL run on two cores: room over the 5 s default.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/server/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/setup/integration-global.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          // A journey's own bound, far above its time on an idle machine (registration's longest, ~70 s): CI may run
          // the journeys beside the integration tests on two cores shared with other work.
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          // expect.poll waits for what the page shows next; Vitest's default (1 s) is shorter than a loaded
          // machine's render or request, which made such waits fail by the machine's speed, not the app's.
          expect: { poll: { timeout: 20_000 } },
        },
      },
    ],
  },
});
