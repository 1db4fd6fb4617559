/** Keras class name -> converter. A class missing here raises UnsupportedLayerError. */
import { activation, elu, leakyRelu, relu, softmax } from "./activation-layers";
import type { LayerConverter } from "./context";
import { conv2d, depthwiseConv2d } from "./convolution";
import { dense, flatten, identity, reshape } from "./core";
import { add, average, concatenate, maximum, minimum, multiply } from "./merge";
import { batchNormalization } from "./normalization";
import { averagePooling2d, globalAveragePooling2d, globalMaxPooling2d, maxPooling2d } from "./pooling";
import { zeroPadding2d } from "./zero-padding";

export const CONVERTERS: Readonly<Record<string, LayerConverter>> = {
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  BatchNormalization: batchNormalization,
  Activation: activation,
  ReLU: relu,
  LeakyReLU: leakyRelu,
  ELU: elu,
  Softmax: softmax,
  Add: add,
  Multiply: multiply,
  Average: average,
  Maximum: maximum,
  Minimum: minimum,
  Concatenate: concatenate,
  ZeroPadding2D: zeroPadding2d,
  MaxPooling2D: maxPooling2d,
  AveragePooling2D: averagePooling2d,
  GlobalAveragePooling2D: globalAveragePooling2d,
  GlobalMaxPooling2D: globalMaxPooling2d,
  Flatten: flatten,
  Dense: dense,
  Reshape: reshape,
  // Identity at inference.
  Dropout: identity,
  SpatialDropout1D: identity,
  SpatialDropout2D: identity,
  AlphaDropout: identity,
  GaussianDropout: identity,
  GaussianNoise: identity,
};
