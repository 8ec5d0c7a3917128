/*
|--------------------------------------------------------------------------
| Edge tags for experiments
|--------------------------------------------------------------------------
|
|   @experiment('checkout-copy')
|     @variant(['control', null])
|       <p>Buy now</p>
|     @end
|     @variant('short')
|       <p>Buy</p>
|     @end
|   @end
|
| The variant is chosen (and the exposure recorded) on the server while the page
| renders, by the request's PageExperiments (app/middleware/visitor_middleware.ts).
| Content outside @variant blocks always renders. A subject not in the experiment (or an
| unknown or draft experiment) has the variant null: list null with the control, as
| above, to show them the default experience.
|
*/
import edge from 'edge.js'
import type { TagContract } from 'edge.js/types'

const VARIANT_VAR = '$experimentVariant'

/** The tag's argument as JavaScript source, with template variables resolved. */
function argumentOf(
  parser: Parameters<TagContract['compile']>[0],
  token: Parameters<TagContract['compile']>[2]
) {
  return parser.utils.stringify(
    parser.utils.transformAst(
      parser.utils.generateAST(token.properties.jsArg, token.loc, token.filename),
      token.filename,
      parser
    )
  )
}

/** `@experiment(key)`: resolves the variant for the rest of the block. */
const experimentTag: TagContract = {
  tagName: 'experiment',
  block: true,
  seekable: true,
  compile(parser, buffer, token) {
    const key = argumentOf(parser, token)
    buffer.writeStatement('{', token.filename, token.loc.start.line)
    buffer.writeExpression(
      `let ${VARIANT_VAR} = await state.experiments.variantFor(${key})`,
      token.filename,
      token.loc.start.line
    )
    parser.stack.defineScope()
    parser.stack.defineVariable(VARIANT_VAR)
    token.children.forEach((child) => parser.processToken(child, buffer))
    parser.stack.clearScope()
    buffer.writeStatement('}', token.filename, token.loc.start.line)
  },
}

/** `@variant(key)` or `@variant([keys])` inside `@experiment`: renders for those variants. */
const variantTag: TagContract = {
  tagName: 'variant',
  block: true,
  seekable: true,
  compile(parser, buffer, token) {
    const key = argumentOf(parser, token)
    buffer.writeStatement(
      `if ([].concat(${key}).includes(${VARIANT_VAR})) {`,
      token.filename,
      token.loc.start.line
    )
    token.children.forEach((child) => parser.processToken(child, buffer))
    buffer.writeStatement('}', token.filename, token.loc.start.line)
  },
}

edge.registerTag(experimentTag)
edge.registerTag(variantTag)
