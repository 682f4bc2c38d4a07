import { describe, expect, it } from 'vitest';
import { missingText } from './aegir-command.js';

describe('missing arguments and options, reported together', () => {
  it('words one, several, and both kinds', () => {
    expect(missingText(["'alias'"], [])).toBe("missing required argument 'alias'");
    expect(missingText(["'site'", "'id'"], [])).toBe("missing required arguments 'site', 'id'");
    expect(missingText([], ["'--host <host>'"])).toBe("required option '--host <host>' not specified");
    expect(missingText([], ["'--platform <alias>'", "'--db <alias>'"])).toBe("required options '--platform <alias>', '--db <alias>' not specified");
    expect(missingText(["'uri'"], ["'--platform <alias>'", "'--db <alias>'"]))
      .toBe("missing required argument 'uri' and options '--platform <alias>', '--db <alias>'");
  });
});
