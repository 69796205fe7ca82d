package io.hybridllm.canary.alias;

import io.hybridllm.canary.failures.AliasStateException;
import io.hybridllm.canary.failures.AwsCallException;
import io.hybridllm.canary.failures.InvalidInputException;
import io.hybridllm.canary.plan.PlanValidation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.ListVersionsByFunctionRequest;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.UpdateAliasRequest;
import software.amazon.awssdk.services.lambda.model.UpdateAliasResponse;

/** {@link AliasControl} over the Lambda API (GetAlias, ListVersionsByFunction, UpdateAlias). */
public final class LambdaAliasControl implements AliasControl {

    private final LambdaClient lambda;

    public LambdaAliasControl(LambdaClient lambda) {
        this.lambda = lambda;
    }

    @Override
    public AliasState read(String functionName, String alias) throws InvalidInputException, AwsCallException {
        try {
            GetAliasResponse r = lambda.getAlias(b -> b.functionName(functionName).name(alias));
            return state(functionName, r.name(), r.functionVersion(), r.routingConfig(), r.revisionId());
        } catch (ResourceNotFoundException e) {
            throw new InvalidInputException(List.of("function " + functionName + " has no alias " + alias));
        } catch (SdkException e) {
            throw new AwsCallException("GetAlias " + functionName + ":" + alias, e);
        }
    }

    @Override
    public Set<String> publishedVersions(String functionName) throws InvalidInputException, AwsCallException {
        try {
            Set<String> versions = new TreeSet<>();
            for (FunctionConfiguration f : lambda.listVersionsByFunctionPaginator(
                    ListVersionsByFunctionRequest.builder().functionName(functionName).build()).versions()) {
                if (!"$LATEST".equals(f.version())) {
                    versions.add(f.version());
                }
            }
            return versions;
        } catch (ResourceNotFoundException e) {
            throw new InvalidInputException(List.of("function " + functionName + " does not exist"));
        } catch (SdkException e) {
            throw new AwsCallException("ListVersionsByFunction " + functionName, e);
        }
    }

    @Override
    public AliasState route(AliasState from, String canary, double weight)
            throws InvalidInputException, AliasStateException, AwsCallException {
        PlanValidation.weight(weight);
        PlanValidation.publishedVersion("canary version", canary);
        PlanValidation.publishedVersion("primary version", from.primaryVersion());
        if (canary.equals(from.primaryVersion())) {
            throw new InvalidInputException(List.of("canary version " + canary + " is the primary version"));
        }
        return update(from, UpdateAliasRequest.builder()
                .functionName(from.functionName()).name(from.alias())
                .functionVersion(from.primaryVersion())
                .routingConfig(AliasRoutingConfiguration.builder().additionalVersionWeights(Map.of(canary, weight)).build())
                .revisionId(from.revisionId())
                .build());
    }

    @Override
    public AliasState promote(AliasState from, String canary)
            throws InvalidInputException, AliasStateException, AwsCallException {
        PlanValidation.publishedVersion("canary version", canary);
        return update(from, UpdateAliasRequest.builder()
                .functionName(from.functionName()).name(from.alias())
                .functionVersion(canary)
                .routingConfig(AliasRoutingConfiguration.builder().additionalVersionWeights(Map.of()).build())
                .revisionId(from.revisionId())
                .build());
    }

    @Override
    public AliasState rollback(String functionName, String alias, String primary)
            throws InvalidInputException, AwsCallException {
        PlanValidation.publishedVersion("primary version", primary);
        try {
            UpdateAliasResponse r = lambda.updateAlias(UpdateAliasRequest.builder()
                    .functionName(functionName).name(alias).functionVersion(primary)
                    .routingConfig(AliasRoutingConfiguration.builder().additionalVersionWeights(Map.of()).build())
                    .build());
            return state(functionName, r.name(), r.functionVersion(), r.routingConfig(), r.revisionId());
        } catch (SdkException e) {
            throw new AwsCallException("UpdateAlias (rollback) " + functionName + ":" + alias, e);
        }
    }

    private AliasState update(AliasState from, UpdateAliasRequest request) throws AliasStateException, AwsCallException {
        try {
            UpdateAliasResponse r = lambda.updateAlias(request);
            return state(from.functionName(), r.name(), r.functionVersion(), r.routingConfig(), r.revisionId());
        } catch (PreconditionFailedException e) {
            throw new AliasStateException("alias " + from.alias() + " changed since it was read (revision "
                    + from.revisionId() + "); someone else is moving it");
        } catch (SdkException e) {
            throw new AwsCallException("UpdateAlias " + from.functionName() + ":" + from.alias(), e);
        }
    }

    private static AliasState state(String function, String alias, String version,
                                    AliasRoutingConfiguration routing, String revision) {
        Map<String, Double> weights = routing == null ? Map.of() : routing.additionalVersionWeights();
        Optional<Map.Entry<String, Double>> canary = weights.entrySet().stream().findFirst();
        return new AliasState(function, alias, version, canary.map(Map.Entry::getKey),
                canary.map(Map.Entry::getValue).orElse(0.0), revision);
    }
}
