import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useI18n } from '../i18n/I18nProvider';

/** The frame of the sign-in and sign-up pages. */
export function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle: string; children: ReactNode; footer: ReactNode }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)" px="md" py="xl">
      <Group justify="space-between" maw={480} mx="auto" mb="lg">
        <Text fw={700} c="blue" size="lg">
          {t('app.name')}
        </Text>
        <LanguageSwitch compact />
      </Group>
      <Center>
        <Paper component="main" withBorder shadow="sm" radius="md" p="xl" w="100%" maw={480}>
          <Stack gap="lg">
            <Stack gap={4}>
              <Title order={1} size="h2">
                {title}
              </Title>
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            </Stack>
            {children}
            <Text size="sm" ta="center">
              {footer}
            </Text>
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
