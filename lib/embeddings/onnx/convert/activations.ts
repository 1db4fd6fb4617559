/**
 * Keras activations (TF.js names, as `getConfig().activation` returns them) as ONNX nodes. Each
 * formula below is TF.js's own (tfjs-layers/src/activations.ts), so the ONNX graph computes the same
 * function:
 *   relu6 = min(max(x, 0), 6) -> Clip(0, 6);  hardSigmoid = clip(0.2 x + 0.5, 0, 1) -> HardSigmoid(0.2, 0.5);
 *   elu (alpha 1), selu (alpha 1.6732632, scale 1.0507010, ONNX Selu's defaults), softplus, softsign,
 *   tanh, sigmoid map one to one; softmax / logSoftmax over the last Keras axis (the channel axis);
 *   swish = x * sigmoid(x); mish = x * tanh(softplus(x)); gelu = 0.5 x (1 + erf(x / sqrt 2)).
 * `gelu_new` (the tanh approximation) is not mapped.
 */
import { UnsupportedLayerError } from "./errors";
import { attr, type GraphBuilder } from "./graph-builder";
import { LayoutConverter, type Value } from "./layout";

/** ONNX Clip(x, lo, hi) with its bounds as scalar initializers (opset 13 takes them as inputs). */
export function clip(b: GraphBuilder, x: string, lo: number, hi: number, base: string): string {
  return b.node("Clip", [x, b.scalar(`${base}/min`, lo), b.scalar(`${base}/max`, hi)], base);
}

/**
 * Apply `activation` to `x`; returns `x` itself for `linear`. `layerName` names the nodes and the
 * error for an activation without a mapping.
 */
export function applyActivation(
  b: GraphBuilder,
  x: Value,
  activation: unknown,
  layerName: string,
  className: string,
): Value {
  const base = `${layerName}/${String(activation)}`;
  const unary = (op: string, attributes = [] as ReturnType<typeof attr.float>[]) =>
    b.node(op, [x.tensor], base, attributes);
  let t: string;
  switch (activation) {
    case null:
    case undefined:
    case "linear":
      return x;
    case "relu":
      t = unary("Relu");
      break;
    case "relu6":
      t = clip(b, x.tensor, 0, 6, base);
      break;
    case "sigmoid":
      t = unary("Sigmoid");
      break;
    case "tanh":
      t = unary("Tanh");
      break;
    case "elu":
      t = unary("Elu", [attr.float("alpha", 1)]);
      break;
    case "selu":
      t = unary("Selu");
      break;
    case "softplus":
      t = unary("Softplus");
      break;
    case "softsign":
      t = unary("Softsign");
      break;
    case "hardSigmoid":
    case "hard_sigmoid":
      t = unary("HardSigmoid", [attr.float("alpha", 0.2), attr.float("beta", 0.5)]);
      break;
    case "softmax":
    case "logSoftmax":
    case "log_softmax":
      t = unary(activation === "softmax" ? "Softmax" : "LogSoftmax", [
        attr.int("axis", LayoutConverter.channelAxis(x)),
      ]);
      break;
    case "swish":
      t = b.node("Mul", [x.tensor, b.node("Sigmoid", [x.tensor], `${base}/sigmoid`)], base);
      break;
    case "mish": {
      const sp = b.node("Softplus", [x.tensor], `${base}/softplus`);
      t = b.node("Mul", [x.tensor, b.node("Tanh", [sp], `${base}/tanh`)], base);
      break;
    }
    case "gelu": {
      const scaled = b.node("Div", [x.tensor, b.scalar(`${base}/sqrt2`, Math.SQRT2)], `${base}/scaled`);
      const erf1 = b.node(
        "Add",
        [b.node("Erf", [scaled], `${base}/erf`), b.scalar(`${base}/one`, 1)],
        `${base}/erf1`,
      );
      const half = b.node("Mul", [x.tensor, b.scalar(`${base}/half`, 0.5)], `${base}/half_x`);
      t = b.node("Mul", [half, erf1], base);
      break;
    }
    default:
      throw new UnsupportedLayerError(
        layerName,
        className,
        `activation "${String(activation)}" has no ONNX mapping`,
      );
  }
  return { ...x, tensor: t };
}
