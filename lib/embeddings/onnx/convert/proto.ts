/** The `onnx` namespace of onnx-proto, whichever way the CommonJS module is loaded. */
import * as onnxModule from "onnx-proto";

// onnx-proto is CommonJS: under Node's ESM loader its namespace sits on `default`, under bundlers on top.
export const { onnx } = (onnxModule as unknown as { default?: typeof onnxModule }).default ?? onnxModule;
