/**
 * Every string the widget shows, one table per language with the same keys (the type of
 * the English table is the contract the Korean one must meet). Strings that take values
 * are functions; numbers arrive already formatted.
 */

export type Lang = 'ko' | 'en';
export const LANGS: readonly Lang[] = ['ko', 'en'];

const en = {
  title: 'What the network sees',
  inputHeading: 'Input',
  originalPhoto: 'Original photo',
  modelInput: (w: number, h: number) => `What the network sees: ${w}×${h}`,
  resizedFrom: (sw: number, sh: number, w: number, h: number) => `${sw}×${sh} resized to ${w}×${h} (nearest)`,
  pixelHint: 'Hover or tap a pixel to read its R, G, B values.',
  pixelValue: (x: number, y: number, r: number, g: number, b: number) => `pixel (${x}, ${y}): R ${r}, G ${g}, B ${b}`,
  inputEmpty: 'Choose, drop or paste a photo to start.',
  chooseFile: 'Choose a photo',
  camera: 'Camera',
  takePhoto: 'Take photo',
  cancel: 'Cancel',
  dropHint: 'or drop a photo here, or paste one (Ctrl+V)',
  dropZone: 'Photo input: drop or paste a photo here',
  samples: 'Sample photos',
  sampleChelsea: 'Cat',
  sampleCoffee: 'Coffee',
  sampleAstronaut: 'Astronaut',
  sampleRocket: 'Rocket',
  attribution: 'Sample photos: scikit-image data, CC0 / public domain.',
  attributionLink: 'Credits',
  summaryHeading: 'Model summary',
  summaryModel: (name: string) => `Model: "${name}"`,
  colLayer: 'Layer (type)',
  colShape: 'Output shape',
  colParams: 'Param #',
  visualised: 'shown below',
  totalParams: (n: string) => `Total params: ${n}`,
  trainableParams: (n: string) => `Trainable params: ${n}`,
  nonTrainableParams: (n: string) => `Non-trainable params: ${n}`,
  layersHeading: 'Feature maps, layer by layer',
  layersHint: 'Each tile is one filter’s output (viridis: dark = low, yellow = high). Click a tile or press Enter to zoom.',
  inactive: (n: number, total: number) => `${n} / ${total} filters inactive`,
  layerWaiting: 'Computed when it scrolls into view',
  layerComputing: 'Computing…',
  layerWeights: (loaded: string, total: string) => `Loading weights: ${loaded} / ${total}`,
  gridLabel: (layer: string, n: number) => `${layer}: ${n} filters. Arrow keys move between them, Enter zooms in.`,
  tileName: (layer: string, i: number, n: number, max: string, zero: number) =>
    `${layer}, filter ${i} of ${n}, max ${max}, ${zero}% zero`,
  tilePending: (layer: string, i: number, n: number) => `${layer}, filter ${i} of ${n}, not computed yet`,
  zoomTitle: (layer: string, i: number, n: number) => `${layer} · filter ${i} of ${n}`,
  close: 'Close',
  zoomHint: 'Hover the map, or focus it and use the arrow keys: the outline shows what that cell sees.',
  cellValue: (row: number, col: number, value: string) => `cell (${row}, ${col}) = ${value}`,
  colourBar: (min: string, max: string) => `Colour scale from ${min} to ${max}`,
  receptiveField: (h: number, w: number) => `Receptive field: ${h}×${w} input pixels`,
  receptiveUnknown: 'The receptive field is unknown for this model.',
  predictionHeading: 'Prediction',
  predictionWaiting: 'Computed when it scrolls into view',
  classProbability: (name: string, percent: string) => `${name}: ${percent}%`,
  backendLoading: 'Starting the WASM backend…',
  modelLoading: 'Loading the model…',
  weightsTotal: (loaded: string, total: string) => `Weights loaded: ${loaded} of ${total}`,
  weightsLayer: (layer: string, loaded: string, total: string) => `Weights of ${layer}: ${loaded} / ${total}`,
  decoding: 'Reading the photo…',
  layerDone: (layer: string, ms: string) => `${layer} done in ${ms} ms`,
  allDone: (ms: string) => `All layers done in ${ms} ms`,
  backendLabel: (backend: string, simd: boolean, threads: number) =>
    `${backend.toUpperCase()} · ${simd ? 'SIMD' : 'no SIMD'} · ${threads} ${threads === 1 ? 'thread' : 'threads'}`,
  cameraError: 'The camera could not be opened.',
  notAnImage: (name: string) => `${name} is not an image file.`,
  noLayers: 'None of the requested layers can be drawn.',
  showAll: (n: number) => `Show all ${n} filters`,
  showingFirst: (shown: number, total: number) => `Showing the first ${shown} of ${total} filters.`,
  warnWeights: 'Some weights of this model are not finite numbers, so parts of the drawing may be blank.',
  errGeneral: 'Something went wrong.',
  errImageEmpty: 'The file is empty. Choose the photo again.',
  errImageNotImage: 'This file is not a photo. Use a PNG, JPEG, GIF or WebP file.',
  errImageSvg: 'SVG drawings cannot be used. Save the drawing as PNG first.',
  errImageTooLarge: 'The photo has too many pixels. Use a smaller copy.',
  errImageTruncated: 'The photo file is incomplete. Save or download it again.',
  errImageDecode: 'The photo could not be read.',
  errImageFetch: 'The photo could not be downloaded.',
  errModelFetch: 'The model could not be downloaded.',
  errModelFormat: 'This is not a model file convlens can read.',
  errModelTooLarge: 'The model is too large to load here.',
  errModelLayer: 'The model uses a layer convlens does not know.',
  errModelKeras1: 'The model was saved by Keras 1, which is too old.',
  errModelInput: 'The model does not take an image as its input.',
  errModelUnsupported: 'convlens cannot run this model.',
  errWeights: 'The model’s weight files are missing or broken.',
  errWorkerRestarted: 'The computation stopped (the device may have run out of memory) and was restarted.',
  errWorkerStalled: 'The computation stopped answering and was restarted.',
  errWorkerStart: 'The computation could not be started on this page.',
  errWorkerStopped: 'The computation stopped. Reload the page to try again.',
  errWorkerGaveUp: 'The computation stopped again, so the photo was not run again. Choose a photo to try once more.',
  modelHeading: 'Model',
  modelInUse: (name: string) => `In use: ${name}`,
  chooseModel: 'Choose a model',
  modelDropHint: 'or drop .h5, .keras or TensorFlow.js files here',
  modelReading: (names: string) => `Reading the model ${names}…`,
  cardAskHeadline: 'This model does not say how its pixels were scaled or what its classes are',
  cardAskHint: 'Answer as your notebook prepared its training images. The answer is kept for this model while the page is open.',
  cardPixelScale: 'Pixel scale',
  cardScaleRaw: '0–255 (raw pixels, as in the lecture)',
  cardScaleUnit: '0–1 (divided by 255)',
  cardScaleOther: (scale: string) => `pixel values × ${scale}`,
  cardClassNames: (n: number) => `Class names (${n}, separated by commas)`,
  cardApply: 'Apply',
  cardClassCount: (n: number, given: number) => `The model has ${n} classes, but ${given} names were given.`,
  cardClassEmpty: 'A class name is empty: check the commas.',
  cardClasses: (n: number, names: string) => `${n} classes: ${names}`,
  cardIndexClasses: (n: number) => `${n} classes, named by their index`,
  cardPixels: (scale: string) => `Pixel scale: ${scale}`,
  cardSource: (source: string) => `Source: ${source}`,
  cardAnswered: 'Pixel scale and class names as you answered in this session.',
  cardChange: 'Change',
};

/** The shape every language table has: the English keys, with the same function types. */
export type Messages = { readonly [K in keyof typeof en]: (typeof en)[K] };

const ko: Messages = {
  title: '신경망이 보는 것',
  inputHeading: '입력',
  originalPhoto: '원본 사진',
  modelInput: (w, h) => `신경망이 보는 입력: ${w}×${h}`,
  resizedFrom: (sw, sh, w, h) => `${sw}×${sh}를 ${w}×${h}로 축소 (최근접 보간)`,
  pixelHint: '픽셀을 가리키거나 누르면 R, G, B 값이 보입니다.',
  pixelValue: (x, y, r, g, b) => `픽셀 (${x}, ${y}): R ${r}, G ${g}, B ${b}`,
  inputEmpty: '사진을 고르거나 끌어 놓거나 붙여 넣으면 시작합니다.',
  chooseFile: '사진 고르기',
  camera: '카메라',
  takePhoto: '촬영',
  cancel: '취소',
  dropHint: '또는 사진을 여기로 끌어 놓거나 붙여 넣으세요 (Ctrl+V)',
  dropZone: '사진 입력: 여기로 사진을 끌어 놓거나 붙여 넣으세요',
  samples: '예시 사진',
  sampleChelsea: '고양이',
  sampleCoffee: '커피',
  sampleAstronaut: '우주비행사',
  sampleRocket: '로켓',
  attribution: '예시 사진: scikit-image 데이터, CC0 / 퍼블릭 도메인.',
  attributionLink: '출처',
  summaryHeading: '모델 요약',
  summaryModel: (name) => `모델: "${name}"`,
  colLayer: '층 (종류)',
  colShape: '출력 형태',
  colParams: '파라미터 수',
  visualised: '아래에 시각화',
  totalParams: (n) => `전체 파라미터: ${n}`,
  trainableParams: (n) => `학습 가능한 파라미터: ${n}`,
  nonTrainableParams: (n) => `학습하지 않는 파라미터: ${n}`,
  layersHeading: '층별 특성 맵',
  layersHint: '타일 하나가 필터 하나의 출력입니다 (viridis: 어두울수록 낮고 노랄수록 높음). 타일을 누르거나 Enter를 누르면 확대됩니다.',
  inactive: (n, total) => `필터 ${total}개 중 ${n}개 비활성`,
  layerWaiting: '화면에 가까워지면 계산합니다',
  layerComputing: '계산 중…',
  layerWeights: (loaded, total) => `가중치 불러오는 중: ${loaded} / ${total}`,
  gridLabel: (layer, n) => `${layer}: 필터 ${n}개. 화살표 키로 이동하고 Enter로 확대합니다.`,
  tileName: (layer, i, n, max, zero) => `${layer}, 필터 ${i}/${n}, 최댓값 ${max}, 0인 값 ${zero}%`,
  tilePending: (layer, i, n) => `${layer}, 필터 ${i}/${n}, 아직 계산 전`,
  zoomTitle: (layer, i, n) => `${layer} · 필터 ${i}/${n}`,
  close: '닫기',
  zoomHint: '맵을 가리키거나, 맵에 포커스를 두고 화살표 키를 누르세요. 테두리가 그 칸이 보는 입력 영역입니다.',
  cellValue: (row, col, value) => `칸 (${row}, ${col}) = ${value}`,
  colourBar: (min, max) => `색 눈금: ${min}부터 ${max}까지`,
  receptiveField: (h, w) => `수용 영역: 입력 ${h}×${w} 픽셀`,
  receptiveUnknown: '이 모델에서는 수용 영역을 알 수 없습니다.',
  predictionHeading: '예측',
  predictionWaiting: '화면에 가까워지면 계산합니다',
  classProbability: (name, percent) => `${name}: ${percent}%`,
  backendLoading: 'WASM 백엔드를 시작하는 중…',
  modelLoading: '모델을 불러오는 중…',
  weightsTotal: (loaded, total) => `불러온 가중치: ${total} 중 ${loaded}`,
  weightsLayer: (layer, loaded, total) => `${layer} 가중치: ${loaded} / ${total}`,
  decoding: '사진을 읽는 중…',
  layerDone: (layer, ms) => `${layer} 완료 (${ms} ms)`,
  allDone: (ms) => `모든 층 완료 (${ms} ms)`,
  backendLabel: (backend, simd, threads) => `${backend.toUpperCase()} · ${simd ? 'SIMD' : 'SIMD 없음'} · 스레드 ${threads}개`,
  cameraError: '카메라를 열 수 없습니다.',
  notAnImage: (name) => `${name}은(는) 이미지 파일이 아닙니다.`,
  noLayers: '요청한 층 중 그릴 수 있는 층이 없습니다.',
  showAll: (n) => `필터 ${n}개 모두 보기`,
  showingFirst: (shown, total) => `필터 ${total}개 중 처음 ${shown}개만 보입니다.`,
  warnWeights: '이 모델의 가중치 일부가 유한한 수가 아니어서 그림 일부가 비어 보일 수 있습니다.',
  errGeneral: '문제가 생겼습니다.',
  errImageEmpty: '파일이 비어 있습니다. 사진을 다시 고르세요.',
  errImageNotImage: '사진 파일이 아닙니다. PNG, JPEG, GIF, WebP 파일을 쓰세요.',
  errImageSvg: 'SVG 그림은 쓸 수 없습니다. 먼저 PNG로 저장하세요.',
  errImageTooLarge: '사진의 픽셀 수가 너무 많습니다. 더 작게 줄인 사진을 쓰세요.',
  errImageTruncated: '사진 파일이 중간에 잘려 있습니다. 다시 저장하거나 내려받으세요.',
  errImageDecode: '사진을 읽을 수 없습니다.',
  errImageFetch: '사진을 내려받을 수 없습니다.',
  errModelFetch: '모델을 내려받을 수 없습니다.',
  errModelFormat: 'convlens가 읽을 수 있는 모델 파일이 아닙니다.',
  errModelTooLarge: '모델이 너무 커서 불러올 수 없습니다.',
  errModelLayer: '모델에 convlens가 모르는 층이 있습니다.',
  errModelKeras1: '너무 오래된 Keras 1로 저장된 모델입니다.',
  errModelInput: '이미지를 입력으로 받는 모델이 아닙니다.',
  errModelUnsupported: 'convlens로 실행할 수 없는 모델입니다.',
  errWeights: '모델의 가중치 파일이 없거나 손상되었습니다.',
  errWorkerRestarted: '계산이 멈춰서(기기의 메모리가 부족했을 수 있습니다) 다시 시작했습니다.',
  errWorkerStalled: '계산이 응답하지 않아 다시 시작했습니다.',
  errWorkerStart: '이 페이지에서는 계산을 시작할 수 없습니다.',
  errWorkerStopped: '계산이 멈췄습니다. 페이지를 새로 고친 뒤 다시 해 보세요.',
  errWorkerGaveUp: '계산이 또 멈춰서 사진을 다시 계산하지 않았습니다. 사진을 다시 골라 보세요.',
  modelHeading: '모델',
  modelInUse: (name) => `사용 중인 모델: ${name}`,
  chooseModel: '모델 고르기',
  modelDropHint: '또는 .h5, .keras, TensorFlow.js 파일을 여기로 끌어 놓으세요',
  modelReading: (names) => `모델 ${names}을(를) 읽는 중…`,
  cardAskHeadline: '이 모델에는 픽셀 값의 범위와 클래스 이름이 적혀 있지 않습니다',
  cardAskHint: '노트북에서 학습 이미지를 준비한 방식대로 고르세요. 이 페이지가 열려 있는 동안 이 모델에 대한 답을 기억합니다.',
  cardPixelScale: '픽셀 값 범위',
  cardScaleRaw: '0–255 (원래 픽셀 값, 강의와 같음)',
  cardScaleUnit: '0–1 (255로 나눔)',
  cardScaleOther: (scale) => `픽셀 값 × ${scale}`,
  cardClassNames: (n) => `클래스 이름 (${n}개, 쉼표로 구분)`,
  cardApply: '적용',
  cardClassCount: (n, given) => `모델의 클래스는 ${n}개인데 이름은 ${given}개입니다.`,
  cardClassEmpty: '비어 있는 클래스 이름이 있습니다. 쉼표를 확인하세요.',
  cardClasses: (n, names) => `클래스 ${n}개: ${names}`,
  cardIndexClasses: (n) => `클래스 ${n}개, 번호로 부름`,
  cardPixels: (scale) => `픽셀 값 범위: ${scale}`,
  cardSource: (source) => `출처: ${source}`,
  cardAnswered: '이 세션에서 답한 픽셀 값 범위와 클래스 이름입니다.',
  cardChange: '바꾸기',
};

/** The string tables, by language. */
export const MESSAGES: Readonly<Record<Lang, Messages>> = { ko, en };

/** `ko…` → 'ko', anything else → 'en'. */
export function toLang(value: string | null | undefined): Lang | null {
  if (!value) return null;
  return value.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/**
 * The widget's language: its own `lang` attribute, else the nearest ancestor's `lang`
 * (the page's), else the browser's language.
 */
export function resolveLang(element: Element): Lang {
  const own = toLang(element.getAttribute('lang'));
  if (own) return own;
  const ancestor = element.parentElement?.closest('[lang]')?.getAttribute('lang');
  return toLang(ancestor) ?? toLang(element.ownerDocument.documentElement.lang) ?? toLang(globalThis.navigator?.language) ?? 'en';
}

/** Bytes as a short size: 912 B, 72.3 KB, 2.7 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An integer with thousands separators, as Keras prints parameter counts: 684,746. */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A value to 3 significant digits (4.1, 0.0123, 1.23e+4), "0" for zero. */
export function formatValue(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}
