import { Module } from '@nestjs/common';
import { PlaybookRegistry } from './playbook-registry.js';
import { PlaybooksController } from './playbooks.controller.js';

@Module({
  providers: [PlaybookRegistry],
  controllers: [PlaybooksController],
  exports: [PlaybookRegistry],
})
export class PlaybooksModule {}
