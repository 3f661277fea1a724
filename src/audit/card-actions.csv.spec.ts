import { csvField, csvLine } from './card-actions.csv.js';

describe('CSV export fields', () => {
  it('quotes only what needs quoting, and doubles quotes inside', () => {
    expect(csvField('card_trv_1')).toBe('card_trv_1');
    expect(csvField('refused: card, not found')).toBe('"refused: card, not found"');
    expect(csvField('the "gold" card')).toBe('"the ""gold"" card"');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField(null)).toBe('');
  });

  it('never hands a spreadsheet a formula to run', () => {
    expect(csvField('=HYPERLINK("http://evil.example")')).toBe(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('ends each line with CRLF, as RFC 4180 asks', () => {
    expect(csvLine(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });
});
