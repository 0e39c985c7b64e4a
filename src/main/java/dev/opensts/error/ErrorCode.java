package dev.opensts.error;

/**
 * The one table of wire errors: AWS's error code, the HTTP status AWS answers with, and whether
 * the fault is the caller's (Sender) or ours (Receiver). Every failure the service reports to a
 * client is one of these; anything unexpected becomes {@link #ServiceFailure}.
 */
public enum ErrorCode {
    // protocol and authentication
    MissingAction(400),
    InvalidAction(400),
    MissingParameter(400),
    InvalidParameterValue(400),
    InvalidParameterCombination(400),
    MalformedQueryString(400),
    NoSuchVersion(400),
    RequestEntityTooLarge(413),
    MissingAuthenticationToken(403),
    IncompleteSignature(400),
    InvalidClientTokenId(403),
    SignatureDoesNotMatch(403),
    AuthorizationQueryParametersError(400),
    ExpiredToken(400),
    AccessDenied(403),
    ValidationError(400),
    NotFound(404),
    MethodNotAllowed(405),
    // IAM
    NoSuchEntity(404),
    EntityAlreadyExists(409),
    DeleteConflict(409),
    LimitExceeded(409),
    MalformedPolicyDocument(400),
    InvalidInput(400),
    ConcurrentModification(409),
    UnmodifiableEntity(400),
    /** A virtual MFA device's codes refused by EnableMFADevice or ResyncMFADevice. */
    InvalidAuthenticationCode(403),
    PasswordPolicyViolation(400),
    InvalidUserType(400),
    // STS
    PackedPolicyTooLarge(400),
    RegionDisabled(403),
    IDPRejectedClaim(403),
    InvalidIdentityToken(400),
    /** AssumeRoleWithWebIdentity's expired web identity token (AWS's code carries the suffix, unlike ExpiredToken). */
    ExpiredTokenException(400),
    /** The identity provider's keys could not be fetched: the SDKs retry it. */
    IDPCommunicationError(400),
    /** DecodeAuthorizationMessage's refusal (AWS's code carries the suffix). */
    InvalidAuthorizationMessageException(400),
    // EKS (rest-json: the code is the exception's name, as botocore's eks model has it)
    InvalidParameterException(400),
    InvalidRequestException(400),
    ResourceNotFoundException(404),
    ResourceInUseException(409),
    ResourceLimitExceededException(400),
    // CloudTrail (JSON 1.1: the code is the exception's name, as botocore's cloudtrail model has it)
    InvalidLookupAttributesException(400),
    InvalidTimeRangeException(400),
    InvalidMaxResultsException(400),
    InvalidNextTokenException(400),
    InvalidEventCategoryException(400),
    UnknownOperationException(400),
    SerializationException(400),
    // IAM's credential report
    ReportNotPresent(410),
    ReportExpired(410),
    ReportInProgress(404),
    // ours
    ServiceUnavailable(503, false),
    ServiceFailure(500, false);

    private final int httpStatus;
    private final boolean senderFault;

    ErrorCode(int httpStatus) {
        this(httpStatus, true);
    }

    ErrorCode(int httpStatus, boolean senderFault) {
        this.httpStatus = httpStatus;
        this.senderFault = senderFault;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** AWS's {@code Error/Type}: Sender for the caller's mistakes, Receiver for ours. */
    public String type() {
        return senderFault ? "Sender" : "Receiver";
    }
}
