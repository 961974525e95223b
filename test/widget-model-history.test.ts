/** ModelHistory: which model a widget goes back to when the weights of the one in use fail while computing. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ModelHistory } from '../src/element/model-history';

const weights = (code: string) => Object.assign(new Error('Weight file x.bin could not be fetched: HTTP 404.'), { code });
const test = suite('ModelHistory');

test('goes back to the model shown before, once, and only for a weights failure', () => {
  const history = new ModelHistory();
  history.shown('a');
  assert.is(history.backFrom(weights('weights-fetch')), null, 'the first model has none before it');
  history.shown('b');
  history.shown('b');
  assert.is(history.backFrom(weights('image-decode')), null, 'a photo’s failure is not the model’s');
  assert.is(history.backFrom(new Error('no code')), null);
  assert.is(history.backFrom(weights('weights-length')), 'a');
  assert.is(history.backFrom(weights('weights-length')), null, 'once');
});

test('a model gone back to stands in for the attribute’s until another is chosen', () => {
  const history = new ModelHistory();
  history.shown('a');
  history.shown('broken');
  const back = history.backFrom(weights('weights-fetch'))!;
  history.shown(back);
  history.wentBack(back, true);
  assert.is(history.standIn, 'a');
  assert.is(history.backFrom(weights('weights-fetch')), null, 'no ping-pong back to the broken one');
  history.chosen();
  assert.is(history.standIn, null);
  history.wentBack('files', false);
  assert.is(history.standIn, null, 'given files are the widget’s own model, not a stand-in');
});

test.run();
