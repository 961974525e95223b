/**
 * The strings of the teaching instruments (Grad-CAM, the filters' weights, export), loaded
 * with them, not on the cold path. Same rules as languages/i18n.ts: the English table's
 * type is the contract the Korean one must meet.
 */
import type { Lang } from '../../languages/i18n';

const en = {
  explainHeading: 'Where the network looked (Grad-CAM)',
  explainAbout: 'Grad-CAM weighs each map of a layer by how much it raises the class score (its mean gradient) and adds them up: yellow marks the parts of the photo that speak most for the class, dark ones speak little or against it.',
  explainClass: 'Class',
  explainTopClass: (name: string) => `top class (${name})`,
  explainLayer: 'Layer',
  explainDefaultLayer: (layer: string) => `${layer} (last maps before the classifier)`,
  explainComputing: 'Computing the Grad-CAM map…',
  explainCaption: (name: string, index: number, layer: string, h: number, w: number) => `${name} (class ${index}) · ${layer}, ${h}×${w} map`,
  explainFlat: 'No part of the photo raises this class score at this layer: the map is all zero.',
  explainOnPhoto: 'Original photo + Grad-CAM',
  explainOnInput: (w: number, h: number) => `${w}×${h} input + Grad-CAM`,
  explainMap: 'Grad-CAM map',
  explainCell: (row: number, col: number, value: string) => `map cell (row ${row}, col ${col}) = ${value}; the outline is what it sees`,
  explainFigureTitle: (name: string, layer: string) => `Grad-CAM: ${name} · ${layer}`,
  exportPng: 'Download PNG',
  gridFigureTitle: (layer: string, n: number) => `${layer}: feature maps of ${n} filters`,
  exportGrid: (layer: string) => `Download the maps of ${layer} as PNG`,
  exportZoom: 'Download this map as PNG',
  exportExplain: 'Download the Grad-CAM figure as PNG',
  copySummary: 'Copy as text',
  copied: 'Copied.',
  copyFailed: 'The browser did not allow copying; select the table and copy it.',
  filtersHeading: (layer: string, k: string) => `The filters themselves: ${layer}'s ${k} kernels`,
  filtersAbout: 'Each small tile is one filter’s weights shown as colours (red, green, blue = the weights on those input channels; grey = zero). The map below with the same number is what that filter made of the photo.',
  filterName: (i: number) => `filter ${i} weights`,
  weightsHeading: (k: string, shown: number, total: number) => `This filter’s weights: ${k}, input channels ${shown} of ${total}`,
  weightsChannel: (c: number) => `in ${c}`,
  weightsShowAll: (n: number) => `Show all ${n} input channels`,
  weightsScale: (min: string, max: string) => `blue = ${min}, white = 0, red = ${max}`,
  aboutHeading: 'What am I looking at?',
  aboutTile: 'A tile is one filter’s output, its feature map: each cell tells how strongly the filter’s pattern is present at that place of the photo (dark = little, yellow = much).',
  aboutInactive: 'An inactive filter gave zero (after ReLU) everywhere on this photo: its pattern is not there. Another photo may wake it up.',
  aboutDeeper: 'Deeper maps are smaller because each convolution without padding and each pooling shrinks them; each cell sees a larger part of the photo, so deeper filters answer to larger, more abstract patterns (textures, parts) rather than edges and colours.',
  aboutGradCam: 'Grad-CAM shows which places of the last maps carry the evidence for a class. It explains this model on this photo; it is not a segmentation.',
};

export type InstrumentMessages = { readonly [K in keyof typeof en]: (typeof en)[K] };

const ko: InstrumentMessages = {
  explainHeading: '신경망이 본 곳 (Grad-CAM)',
  explainAbout: 'Grad-CAM은 층의 각 특성 맵에 그 맵이 클래스 점수를 얼마나 올리는지(평균 기울기)를 곱해 더합니다. 노란 곳은 사진에서 그 클래스를 가장 강하게 뒷받침하는 부분이고, 어두운 곳은 거의 또는 전혀 뒷받침하지 않습니다.',
  explainClass: '클래스',
  explainTopClass: (name) => `최고 점수 클래스 (${name})`,
  explainLayer: '층',
  explainDefaultLayer: (layer) => `${layer} (분류기 앞 마지막 특성 맵)`,
  explainComputing: 'Grad-CAM 맵을 계산하는 중…',
  explainCaption: (name, index, layer, h, w) => `${name} (클래스 ${index}) · ${layer}, ${h}×${w} 맵`,
  explainFlat: '이 층에서는 사진의 어느 부분도 이 클래스 점수를 올리지 않습니다: 맵이 모두 0입니다.',
  explainOnPhoto: '원본 사진 + Grad-CAM',
  explainOnInput: (w, h) => `${w}×${h} 입력 + Grad-CAM`,
  explainMap: 'Grad-CAM 맵',
  explainCell: (row, col, value) => `맵 칸 (행 ${row}, 열 ${col}) = ${value}; 테두리가 이 칸이 보는 영역입니다`,
  explainFigureTitle: (name, layer) => `Grad-CAM: ${name} · ${layer}`,
  exportPng: 'PNG로 저장',
  gridFigureTitle: (layer, n) => `${layer}: 필터 ${n}개의 특성 맵`,
  exportGrid: (layer) => `${layer}의 특성 맵을 PNG로 저장`,
  exportZoom: '이 맵을 PNG로 저장',
  exportExplain: 'Grad-CAM 그림을 PNG로 저장',
  copySummary: '텍스트로 복사',
  copied: '복사했습니다.',
  copyFailed: '브라우저가 복사를 허용하지 않았습니다. 표를 선택해 복사하세요.',
  filtersHeading: (layer, k) => `필터 그 자체: ${layer}의 ${k} 커널`,
  filtersAbout: '작은 타일 하나가 필터 하나의 가중치를 색으로 보여 줍니다 (빨강·초록·파랑 = 그 입력 채널의 가중치, 회색 = 0). 아래에서 같은 번호의 맵이 그 필터가 사진에서 만든 결과입니다.',
  filterName: (i) => `필터 ${i} 가중치`,
  weightsHeading: (k, shown, total) => `이 필터의 가중치: ${k}, 입력 채널 ${total}개 중 ${shown}개`,
  weightsChannel: (c) => `입력 ${c}`,
  weightsShowAll: (n) => `입력 채널 ${n}개 모두 보기`,
  weightsScale: (min, max) => `파랑 = ${min}, 흰색 = 0, 빨강 = ${max}`,
  aboutHeading: '무엇을 보고 있나요?',
  aboutTile: '타일 하나는 필터 하나의 출력, 곧 특성 맵입니다. 각 칸은 사진의 그 자리에 필터의 패턴이 얼마나 강하게 있는지를 나타냅니다 (어두움 = 약함, 노랑 = 강함).',
  aboutInactive: '비활성 필터는 이 사진의 모든 자리에서 (ReLU 뒤) 0을 냈습니다: 그 패턴이 사진에 없다는 뜻입니다. 다른 사진에서는 깨어날 수 있습니다.',
  aboutDeeper: '깊은 층의 맵이 작은 까닭은 패딩 없는 합성곱과 풀링이 맵을 줄이기 때문입니다. 대신 한 칸이 사진의 더 넓은 부분을 보므로, 깊은 필터는 모서리나 색보다 더 크고 추상적인 패턴(질감, 부분)에 반응합니다.',
  aboutGradCam: 'Grad-CAM은 마지막 특성 맵의 어느 자리가 클래스의 근거가 되는지 보여 줍니다. 이 사진에 대한 이 모델의 설명일 뿐, 물체를 오려 내는 분할은 아닙니다.',
};

export const INSTRUMENT_MESSAGES: Readonly<Record<Lang, InstrumentMessages>> = { ko, en };
