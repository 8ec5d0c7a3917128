export const policies = {
  FaqPolicy: () => import('#policies/faq_policy'),
}

