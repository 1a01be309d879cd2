import { exchangeSignInCodeInput } from '@shared/schemas/auth';
import { publicProcedure, router } from '../../api/trpc';

export const authRouter = router({
  /**
   * Trades the one-time code of a printed sign-in link for a browser session token. Public: the
   * code is the credential (random, stored hashed, spent on first use, expires in minutes).
   */
  exchangeSignInCode: publicProcedure
    .input(exchangeSignInCodeInput)
    .mutation(({ ctx, input }) => ctx.services.session.exchangeSignInCode(input.code)),
});
