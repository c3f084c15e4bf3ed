package io.statecraft.move.verify;

/**
 * Bounds that keep verification cost proportional to the input and reject units too big for the
 * interpreter's own limits. Every count is inclusive ("at most"). Use {@link #DEFAULT} or derive
 * a changed copy with the {@code with*} methods.
 *
 * @param maxLocals parameters plus locals of one function
 * @param maxTypeParameters type parameters of one function or datatype
 * @param maxFunctionParameters parameters of one function
 * @param maxFunctionReturns return values of one function
 * @param maxBasicBlocks basic blocks of one function
 * @param maxCodeLength instructions of one function
 * @param maxStructFields fields of one struct or variant
 * @param maxVariants variants of one enum
 * @param maxTypeNodes nodes of one type (a signature token, counted over its whole tree)
 * @param maxTypeDepth nesting depth of one type
 * @param maxBackEdgesPerFunction loop back edges of one function
 * @param maxBackEdgesPerModule loop back edges summed over the module
 * @param maxValueStackSize operand stack height inside a basic block
 * @param maxInstantiationLength type arguments of one instantiation
 * @param maxFixpointStepsPerBlock block visits of the dataflow analyses, per basic block
 * @param maxBorrowGraphWork borrow graph operations (nodes and edges visited) of the reference
 *     safety analysis of one function: a meter, so that adversarial code cannot make it slow
 */
public record VerifierLimits(
    int maxLocals,
    int maxTypeParameters,
    int maxFunctionParameters,
    int maxFunctionReturns,
    int maxBasicBlocks,
    int maxCodeLength,
    int maxStructFields,
    int maxVariants,
    int maxTypeNodes,
    int maxTypeDepth,
    int maxBackEdgesPerFunction,
    int maxBackEdgesPerModule,
    int maxValueStackSize,
    int maxInstantiationLength,
    int maxFixpointStepsPerBlock,
    long maxBorrowGraphWork) {

  /** Defaults in line with the production settings of the Sui and Aptos verifiers. */
  public static final VerifierLimits DEFAULT =
      new VerifierLimits(255, 32, 128, 128, 1024, 65535, 64, 127, 256, 64, 1000, 10000, 1024, 32, 64, 20_000_000L);

  public VerifierLimits withMaxLocals(int v) {
    return new VerifierLimits(v, maxTypeParameters, maxFunctionParameters, maxFunctionReturns, maxBasicBlocks, maxCodeLength, maxStructFields, maxVariants, maxTypeNodes, maxTypeDepth, maxBackEdgesPerFunction, maxBackEdgesPerModule, maxValueStackSize, maxInstantiationLength, maxFixpointStepsPerBlock, maxBorrowGraphWork);
  }

  public VerifierLimits withMaxTypeParameters(int v) {
    return new VerifierLimits(maxLocals, v, maxFunctionParameters, maxFunctionReturns, maxBasicBlocks, maxCodeLength, maxStructFields, maxVariants, maxTypeNodes, maxTypeDepth, maxBackEdgesPerFunction, maxBackEdgesPerModule, maxValueStackSize, maxInstantiationLength, maxFixpointStepsPerBlock, maxBorrowGraphWork);
  }

  public VerifierLimits withMaxFunctionParameters(int v) {
    return new VerifierLimits(maxLocals, maxTypeParameters, v, maxFunctionReturns, maxBasicBlocks, maxCodeLength, maxStructFields, maxVariants, maxTypeNodes, maxTypeDepth, maxBackEdgesPerFunction, maxBackEdgesPerModule, maxValueStackSize, maxInstantiationLength, maxFixpointStepsPerBlock, maxBorrowGraphWork);
  }

  public VerifierLimits withMaxBasicBlocks(int v) {
    return new VerifierLimits(maxLocals, maxTypeParameters, maxFunctionParameters, maxFunctionReturns, v, maxCodeLength, maxStructFields, maxVariants, maxTypeNodes, maxTypeDepth, maxBackEdgesPerFunction, maxBackEdgesPerModule, maxValueStackSize, maxInstantiationLength, maxFixpointStepsPerBlock, maxBorrowGraphWork);
  }

  public VerifierLimits withMaxCodeLength(int v) {
    return new VerifierLimits(maxLocals, maxTypeParameters, maxFunctionParameters, maxFunctionReturns, maxBasicBlocks, v, maxStructFields, maxVariants, maxTypeNodes, maxTypeDepth, maxBackEdgesPerFunction, maxBackEdgesPerModule, maxValueStackSize, maxInstantiationLength, maxFixpointStepsPerBlock, maxBorrowGraphWork);
  }

  public VerifierLimits withMaxStructFields(int v) {
    return new VerifierLimits(maxLocals, maxTypeParameters, maxFunctionParameters, maxFunctionReturns, maxBasicBlocks, maxCodeLength, v, maxVariants, maxTypeNodes, maxTypeDepth, maxBackEdgesPerFunction, maxBackEdgesPerModule, maxValueStackSize, maxInstantiationLength, maxFixpointStepsPerBlock, maxBorrowGraphWork);
  }

  public VerifierLimits withMaxTypeNodes(int v) {
    return new VerifierLimits(maxLocals, maxTypeParameters, maxFunctionParameters, maxFunctionReturns, maxBasicBlocks, maxCodeLength, maxStructFields, maxVariants, v, maxTypeDepth, maxBackEdgesPerFunction, maxBackEdgesPerModule, maxValueStackSize, maxInstantiationLength, maxFixpointStepsPerBlock, maxBorrowGraphWork);
  }

  public VerifierLimits withMaxBackEdgesPerFunction(int v) {
    return new VerifierLimits(maxLocals, maxTypeParameters, maxFunctionParameters, maxFunctionReturns, maxBasicBlocks, maxCodeLength, maxStructFields, maxVariants, maxTypeNodes, maxTypeDepth, v, maxBackEdgesPerModule, maxValueStackSize, maxInstantiationLength, maxFixpointStepsPerBlock, maxBorrowGraphWork);
  }

  public VerifierLimits withMaxBorrowGraphWork(long v) {
    return new VerifierLimits(maxLocals, maxTypeParameters, maxFunctionParameters, maxFunctionReturns, maxBasicBlocks, maxCodeLength, maxStructFields, maxVariants, maxTypeNodes, maxTypeDepth, maxBackEdgesPerFunction, maxBackEdgesPerModule, maxValueStackSize, maxInstantiationLength, maxFixpointStepsPerBlock, v);
  }

  public VerifierLimits withMaxValueStackSize(int v) {
    return new VerifierLimits(maxLocals, maxTypeParameters, maxFunctionParameters, maxFunctionReturns, maxBasicBlocks, maxCodeLength, maxStructFields, maxVariants, maxTypeNodes, maxTypeDepth, maxBackEdgesPerFunction, maxBackEdgesPerModule, v, maxInstantiationLength, maxFixpointStepsPerBlock, maxBorrowGraphWork);
  }
}
