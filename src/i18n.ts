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
  errorTitle: 'Something went wrong',
  cameraError: 'The camera could not be opened.',
  notAnImage: (name: string) => `${name} is not an image file.`,
  noLayers: 'None of the requested layers can be drawn.',
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
  errorTitle: '문제가 생겼습니다',
  cameraError: '카메라를 열 수 없습니다.',
  notAnImage: (name) => `${name}은(는) 이미지 파일이 아닙니다.`,
  noLayers: '요청한 층 중 그릴 수 있는 층이 없습니다.',
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
