// The geometry of a convolution-gradient kernel call from its attributes: what the
// Conv2DBackpropFilter and Conv2DBackpropInput kernels both read (NHWC only on wasm).
import * as tf from '@tensorflow/tfjs-core';

type Shape4 = [number, number, number, number];

interface ConvGradientAttrs {
  readonly strides: [number, number] | number;
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dataFormat: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Conv2DInfo of input [B, H, W, Ci] and filter [KH, KW, Ci, Co] under `attrs`; NCHW is refused. */
export function convGradientInfo(kernelName: string, inputShape: readonly number[], filterShape: readonly number[], attrs: tf.NamedAttrMap | undefined): tf.backend_util.Conv2DInfo {
  const { strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as ConvGradientAttrs;
  if (dataFormat === 'NCHW') throw new Error(`${kernelName} on wasm supports NHWC only`);
  return tf.backend_util.computeConv2DInfo([...inputShape] as Shape4, [...filterShape] as Shape4, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
}
