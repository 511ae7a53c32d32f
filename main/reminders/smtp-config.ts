// The SMTP schema lives in common/ (the contract and the renderer parse with it); the mail side keeps this path.
export * from '../../common/domain/smtp-config';
