using Stripe;

namespace PixelFlow.Api.Billing;

/// <summary>
/// <c>/v1/billing</c>: Stripe Checkout and customer-portal sessions for the signed-in user, Stripe's webhook, the
/// user's plan; the operator's plan assignment; and a project's use against its quotas.
/// </summary>
public static class BillingApi
{
    public const string StripeSignatureHeader = "Stripe-Signature";

    /// <summary>Stripe's default signature tolerance: an event signed more than 5 minutes ago is refused (replay protection).</summary>
    public const long SignatureToleranceSeconds = 300;

    /// <summary>Stripe events are a few KB; their objects are not expanded.</summary>
    private const int MaxWebhookBytes = 512 * 1024;

    private const int MaxBodyBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapBillingApi(this IEndpointRouteBuilder app)
    {
        var billing = app.MapGroup("/v1/billing").WithTags("Billing");
        billing.MapGet("/account", GetAccount).RequireAuthorization(CallerPolicies.SignedInUser)
            .WithName("GetBillingAccount").WithSummary("The signed-in user's plan, its status and quotas");
        billing.MapGet("/plans", ListPlans).RequireAuthorization(CallerPolicies.SignedInUser)
            .WithName("ListPlans").WithSummary("The plans, their quotas, and which can be bought through Stripe Checkout");
        billing.MapPost("/checkout", CreateCheckout).RequireAuthorization(CallerPolicies.SignedInUser).WithBodyLimit(MaxBodyBytes)
            .ProducesProblem(StatusCodes.Status501NotImplemented).ProducesProblem(StatusCodes.Status502BadGateway)
            .WithName("CreateCheckoutSession").WithSummary("A Stripe Checkout session subscribing the signed-in user to a plan: send the browser to its url");
        billing.MapPost("/portal", CreatePortal).RequireAuthorization(CallerPolicies.SignedInUser)
            .ProducesProblem(StatusCodes.Status501NotImplemented).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreatePortalSession").WithSummary("A Stripe customer-portal session (change or cancel the subscription): send the browser to its url");
        billing.MapPost("/stripe/webhook", ReceiveStripeEvent).AllowAnonymous().WithBodyLimit(MaxWebhookBytes)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status501NotImplemented)
            .WithName("ReceiveStripeEvent").WithSummary("Stripe's webhook: signed events (Stripe-Signature) that change users' plans");

        app.MapPut("/v1/admin/users/{userId:guid}/plan", AssignPlan).RequireAuthorization(OperatorKey.PolicyName).WithBodyLimit(MaxBodyBytes)
            .WithTags("Admin").WithName("AssignPlan")
            .WithSummary("Operator: put a user on a plan (Authorization: Bearer <Admin:OperatorKey>); how plans change without Stripe");
        app.MapGet("/v1/projects/{projectId:guid}/usage", GetProjectUsage).RequireAuthorization(CallerPolicies.AnyCaller)
            .WithTags("Usage").WithName("GetProjectUsage")
            .WithSummary("The project's plan (its owner's) and use against each quota: stored bytes, files, pixels processed this month");
        return app;
    }

    public static async Task<Ok<BillingAccountResponse>> GetAccount(ClaimsPrincipal user, PixelFlowDbContext db,
        IOptionsSnapshot<BillingOptions> options, CancellationToken cancellationToken)
    {
        var userId = user.UserId()!.Value;
        var account = await db.BillingAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == userId, cancellationToken);
        return TypedResults.Ok(BillingAccountResponse.From(userId, account, options.Value));
    }

    public static Ok<PlanListResponse> ListPlans(IOptionsSnapshot<BillingOptions> options) =>
        TypedResults.Ok(PlanListResponse.From(options.Value));

    public static async Task<Results<Ok<BillingSessionResponse>, ValidationProblem, ProblemHttpResult>> CreateCheckout(
        PlanRequest body, ClaimsPrincipal user, PixelFlowDbContext db, IOptionsSnapshot<BillingOptions> options, IStripeClient stripe,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.StripeEnabled)
        {
            return BillingDisabled();
        }

        if (body.Plan is not { } plan || !settings.Plans.TryGetValue(plan, out var planSettings) || planSettings.StripePriceId is not { } price)
        {
            var sold = settings.Plans.Where(p => p.Value.StripePriceId is not null).Select(p => p.Key);
            return ProblemResults.Validation(new Dictionary<string, string[]> { ["plan"] = [$"Use one of the plans sold: {string.Join(", ", sold)}."] });
        }

        var userId = user.UserId()!.Value;
        var customer = await db.BillingAccounts.Where(a => a.UserId == userId).Select(a => a.StripeCustomerId).SingleOrDefaultAsync(cancellationToken);
        var email = customer is null ? await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken) : null;
        var metadata = new Dictionary<string, string> { [StripeEvents.PlanMetadataKey] = plan, [StripeEvents.UserIdMetadataKey] = userId.ToString() };
        return await CallStripeAsync(async () =>
        {
            var session = await new Stripe.Checkout.SessionService(stripe).CreateAsync(new Stripe.Checkout.SessionCreateOptions
            {
                Mode = "subscription",
                LineItems = [new Stripe.Checkout.SessionLineItemOptions { Price = price, Quantity = 1 }],
                // checkout.session.completed carries these back: who bought which plan.
                ClientReferenceId = userId.ToString(),
                Metadata = metadata,
                SubscriptionData = new Stripe.Checkout.SessionSubscriptionDataOptions { Metadata = metadata },
                Customer = customer,
                CustomerEmail = email,
                SuccessUrl = settings.CheckoutSuccessUrl!.ToString(),
                CancelUrl = settings.CheckoutCancelUrl!.ToString(),
            }, cancellationToken: cancellationToken);
            return new BillingSessionResponse(session.Id, session.Url);
        });
    }

    public static async Task<Results<Ok<BillingSessionResponse>, ValidationProblem, ProblemHttpResult>> CreatePortal(
        ClaimsPrincipal user, PixelFlowDbContext db, IOptionsSnapshot<BillingOptions> options, IStripeClient stripe,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.StripeEnabled)
        {
            return BillingDisabled();
        }

        var userId = user.UserId()!.Value;
        var customer = await db.BillingAccounts.Where(a => a.UserId == userId).Select(a => a.StripeCustomerId).SingleOrDefaultAsync(cancellationToken);
        if (customer is null)
        {
            return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "No Stripe customer",
                "You have no subscription to manage yet: subscribe with POST /v1/billing/checkout first.");
        }

        return await CallStripeAsync(async () =>
        {
            var session = await new Stripe.BillingPortal.SessionService(stripe).CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
            {
                Customer = customer,
                ReturnUrl = settings.PortalReturnUrl!.ToString(),
            }, cancellationToken: cancellationToken);
            return new BillingSessionResponse(session.Id, session.Url);
        });
    }

    /// <summary>
    /// Verifies the <c>Stripe-Signature</c> over the raw body with the endpoint secret (5-minute tolerance) and applies
    /// the event once. 200 for an applied or replayed event (Stripe stops retrying); 400 for a bad signature.
    /// </summary>
    public static async Task<Results<Ok<StripeEventReceipt>, ProblemHttpResult>> ReceiveStripeEvent(HttpRequest request,
        IOptionsSnapshot<BillingOptions> options, StripeEvents events, TimeProvider clock, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.WebhookSecret))
        {
            return BillingDisabled();
        }

        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var json = await reader.ReadToEndAsync(cancellationToken);
        Event stripeEvent;
        try
        {
            // The endpoint's API version is chosen in Stripe's dashboard; only fields stable across versions are read,
            // so a version other than the library's is accepted instead of refused forever.
            stripeEvent = EventUtility.ConstructEvent(json, request.Headers[StripeSignatureHeader].ToString(), settings.WebhookSecret,
                SignatureToleranceSeconds, clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception e) when (e is StripeException or Newtonsoft.Json.JsonException or ArgumentException)
        {
            return ProblemResults.Create(StatusCodes.Status400BadRequest, ProblemTypes.InvalidSignature, "Invalid Stripe signature",
                $"The event was not verified with the endpoint's signing secret: {e.Message}");
        }

        var outcome = await events.HandleAsync(stripeEvent, cancellationToken);
        return TypedResults.Ok(new StripeEventReceipt(stripeEvent.Id, outcome == StripeEventOutcome.Replayed));
    }

    public static async Task<Results<Ok<BillingAccountResponse>, ValidationProblem, ProblemHttpResult>> AssignPlan(
        Guid userId, PlanRequest body, PixelFlowDbContext db, IOptionsSnapshot<BillingOptions> options, TimeProvider clock,
        QuotaSources quotaSources, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (body.Plan is not { } plan || !settings.Plans.ContainsKey(plan))
        {
            return ProblemResults.Validation(new Dictionary<string, string[]> { ["plan"] = [$"Use one of: {string.Join(", ", settings.Plans.Keys)}."] });
        }

        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return ProblemResults.NotFound($"No user {userId}.");
        }

        var account = await db.BillingAccounts.SingleOrDefaultAsync(a => a.UserId == userId, cancellationToken);
        if (account is null)
        {
            account = new BillingAccount { UserId = userId, Plan = plan, Status = BillingAccount.AssignedStatus };
            db.BillingAccounts.Add(account);
        }

        account.Plan = plan;
        account.Status = BillingAccount.AssignedStatus;
        account.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        quotaSources.PlanChanged(userId);
        return TypedResults.Ok(BillingAccountResponse.From(userId, account, settings));
    }

    public static async Task<Results<Ok<ProjectUsageResponse>, ProblemHttpResult>> GetProjectUsage(Guid projectId, ClaimsPrincipal user,
        ProjectAccess access, ProjectQuotas quotas, CancellationToken cancellationToken)
    {
        if (await access.RefusalAsync(user, projectId, ProjectRole.Member, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return await quotas.GetAsync(projectId, ProjectQuotas.AllKinds, cancellationToken) is { } report
            ? TypedResults.Ok(ProjectUsageResponse.From(report))
            : ProblemResults.NotFound($"No project {projectId}.");
    }

    private static ProblemHttpResult BillingDisabled() => ProblemResults.Create(StatusCodes.Status501NotImplemented,
        ProblemTypes.BillingDisabled, "Billing disabled",
        "This deployment has no Stripe key (Billing:StripeSecretKey): plans are assigned by the operator with PUT /v1/admin/users/{id}/plan.");

    /// <summary>Stripe's refusals and outages answer 502: the request was fine, the payment provider was not.</summary>
    private static async Task<Results<Ok<BillingSessionResponse>, ValidationProblem, ProblemHttpResult>> CallStripeAsync(
        Func<Task<BillingSessionResponse>> call)
    {
        try
        {
            return TypedResults.Ok(await call());
        }
        catch (Exception e) when (e is StripeException or HttpRequestException)
        {
            return ProblemResults.Create(StatusCodes.Status502BadGateway, ProblemTypes.PaymentProviderError, "Stripe failed",
                $"Stripe did not create the session: {e.Message}");
        }
    }
}

/// <summary>The webhook's answer: the event, and whether it had been handled before.</summary>
public sealed record StripeEventReceipt(string EventId, bool Replayed);
