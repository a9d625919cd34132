import { childTraceparent, traceIdOf } from './trace-context';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const VALID = `00-${TRACE}-00f067aa0ba902b7-01`;

describe(traceIdOf.name, () => {
  it('reads the trace id of a valid traceparent', () => {
    expect(traceIdOf(VALID)).toBe(TRACE);
  });

  it('reads past what a later version appends, as W3C asks of a version 00 parser', () => {
    expect(traceIdOf(`01-${TRACE}-00f067aa0ba902b7-01-what-comes-next`)).toBe(TRACE);
  });

  it.each([
    ['nothing', ''],
    ['uppercase hex', VALID.toUpperCase()],
    ['a short trace id', `00-${TRACE.slice(1)}-00f067aa0ba902b7-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['an all-zero parent id', `00-${TRACE}-0000000000000000-01`],
    ['version ff', `ff-${TRACE}-00f067aa0ba902b7-01`],
    ['version 00 with more fields', `${VALID}-extra`],
    ['two headers joined', `${VALID}, ${VALID}`],
    ['no flags', `00-${TRACE}-00f067aa0ba902b7`],
  ])('ignores %s', (_, header) => {
    expect(traceIdOf(header)).toBeUndefined();
  });
});

describe(childTraceparent.name, () => {
  it('keeps the trace and its flags, with a new span id of its own each time', () => {
    const first = childTraceparent(VALID);
    const second = childTraceparent(VALID);
    expect(first).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    expect(traceIdOf(first)).toBe(TRACE);
    expect(first.split('-')[2]).not.toBe('00f067aa0ba902b7');
    expect(first.split('-')[2]).not.toBe(second.split('-')[2]);
  });
});
